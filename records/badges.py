"""Open Badges 3.0: a certificate as a signed W3C verifiable credential, and the check of one.

The credential is an ``OpenBadgeCredential`` secured as a VC-JWT (Open Badges 3.0, section 8.2): the JWT
payload is the credential itself plus the registered claims ``iss``, ``jti``, ``nbf``, ``exp``; the JOSE
header names the signing key by ``kid``, a URL into our JWKS (``records:badge_keys``). The signature is
Ed25519 (``alg: Ed25519``, RFC 9864; joserfc marks the older ``EdDSA`` name deprecated), made and checked
with joserfc. Revocation and expiry are not in the token: a check reads them from the database, so a
badge revoked after it was downloaded shows revoked.
"""

import datetime
import functools
import os
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from certification.models import Certificate

from .certificates import VALID, certificate_validity

ALGORITHM = "Ed25519"
CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
MAX_TOKEN = 16 * 1024  # a credential of ours is ~2 KB

SIGNATURE_INVALID, NOT_OURS, MALFORMED = "signature_invalid", "not_ours", "malformed"


def _absolute(name: str, *args) -> str:
    return settings.PEIXUN_BASE_URL.rstrip("/") + reverse(name, args=args)


def issuer_url() -> str:
    return _absolute("records:badge_issuer")


def credential_url(number: str) -> str:
    """The credential's ``id`` and its status URL (a 1EdTech revocation list of this one credential)."""
    return _absolute("records:badge_status", number)


@functools.cache
def _key_from(pem: str) -> OKPKey:
    return OKPKey.import_key(pem)


def _key_file_read_or_make(path) -> str:
    """Return the PEM in ``path``, first publishing a fresh Ed25519 key there (mode 0600) if there is none.

    The key is written to a temporary file and linked into place, so a concurrent reader never sees a
    half-written file and two processes that race both end up with the one key that was linked first.
    """
    if path.is_file():
        return path.read_text()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".badge-key-")  # mode 0600
    try:
        with os.fdopen(fd, "w") as out:
            out.write(OKPKey.generate_key("Ed25519").as_pem(private=True).decode())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)
    return path.read_text()


def signing_key() -> OKPKey:
    """The private key: ``PEIXUN_BADGE_KEY`` (PEM), else ``PEIXUN_BADGE_KEY_FILE`` (made when missing)."""
    pem = settings.PEIXUN_BADGE_KEY.replace("\\n", "\n").strip() or _key_file_read_or_make(
        settings.PEIXUN_BADGE_KEY_FILE
    )
    return _key_from(pem.strip())


def key_id() -> str:
    return f"{_absolute('records:badge_keys')}#{signing_key().thumbprint()}"


def jwks() -> dict:
    """The public key set published at ``records:badge_keys``."""
    public = signing_key().as_dict(private=False)
    return {"keys": [{**public, "kid": key_id(), "alg": ALGORITHM, "use": "sig"}]}


def issuer_profile() -> dict:
    return {
        "@context": CONTEXT,
        "id": issuer_url(),
        "type": ["Profile"],
        "name": settings.RECORDS_ORG_NAME,
        "url": settings.PEIXUN_BASE_URL.rstrip("/") + "/",
    }


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


def credential(certificate: Certificate) -> dict:
    """Return the OpenBadgeCredential of ``certificate`` (program and staff loaded)."""
    program, staff = certificate.program, certificate.staff
    valid_from = _day_start(certificate.issued_on)
    valid_until = _day_start(certificate.expires_on + datetime.timedelta(days=1)) - datetime.timedelta(seconds=1)
    url = credential_url(certificate.number)
    return {
        "@context": CONTEXT,
        "id": url,
        "type": TYPES,
        "issuer": {"id": issuer_url(), "type": ["Profile"], "name": settings.RECORDS_ORG_NAME},
        "name": f"{program.name} {certificate.number}",
        "validFrom": valid_from.isoformat(),
        "validUntil": valid_until.isoformat(),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": staff.name},
                {
                    "type": "IdentityObject",
                    "identityType": "sourcedId",
                    "hashed": False,
                    "identityHash": staff.staff_no,
                },
            ],
            "achievement": {
                "id": f"{issuer_url()}#program-{program.code}",
                "type": ["Achievement"],
                "achievementType": "Certification",
                "humanCode": program.code,
                "name": program.name,
                "description": program.description or program.name,
                "criteria": {"narrative": program.description or program.name},
            },
        },
        "credentialStatus": {"id": url, "type": "1EdTechRevocationList"},
    }


def badge_sign(certificate: Certificate) -> str:
    """Return the certificate's credential as a compact VC-JWT signed with our key."""
    vc = credential(certificate)
    claims = {
        **vc,
        "iss": vc["issuer"]["id"],
        "jti": vc["id"],
        "nbf": int(datetime.datetime.fromisoformat(vc["validFrom"]).timestamp()),
        "exp": int(datetime.datetime.fromisoformat(vc["validUntil"]).timestamp()),
    }
    return jwt.encode({"alg": ALGORITHM, "kid": key_id()}, claims, signing_key(), algorithms=[ALGORITHM])


@dataclass(frozen=True)
class BadgeCheck:
    """The outcome of a check: ``outcome`` one of valid/expired/revoked/not_yet (``certificates``) or
    signature_invalid/not_ours/malformed; ``certificate`` and ``claims`` when the signature is ours."""

    outcome: str
    certificate: Certificate | None = None
    claims: dict | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == VALID


def badge_verify(token: str, *, day: datetime.date | None = None) -> BadgeCheck:
    """Check a pasted or uploaded VC-JWT: format, our key id, signature, issuer, then the certificate's
    revocation and dates from the database as of ``day`` (default today)."""
    token = "".join((token or "").split())
    if not token or len(token) > MAX_TOKEN or token.count(".") != 2:
        return BadgeCheck(MALFORMED)
    try:
        header = jws.extract_compact(token.encode("ascii")).headers()
    except (JoseError, ValueError, TypeError):
        return BadgeCheck(MALFORMED)
    if header.get("alg") != ALGORITHM or header.get("kid") != key_id():
        return BadgeCheck(NOT_OURS)
    key = OKPKey.import_key(signing_key().as_dict(private=False))
    try:
        claims = jwt.decode(token, key, algorithms=[ALGORITHM]).claims
    except JoseError:
        return BadgeCheck(SIGNATURE_INVALID)
    prefix = credential_url("X").removesuffix("X/")
    jti = claims.get("jti")
    if claims.get("iss") != issuer_url() or not isinstance(jti, str) or not jti.startswith(prefix):
        return BadgeCheck(NOT_OURS, claims=claims)
    number = jti.removeprefix(prefix).rstrip("/")
    certificate = Certificate.objects.select_related("program", "staff").filter(number=number).first()
    if certificate is None:
        return BadgeCheck(NOT_OURS, claims=claims)
    state = certificate_validity(certificate, day=day or timezone.localdate())
    return BadgeCheck(state, certificate=certificate, claims=claims)
