"""Open Badges 3.0: a certificate's signed credential verifies; tampered, foreign-key and garbage input is
refused; revocation and expiry are read from the database when checked."""

import base64
import datetime
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from joserfc import jwt
from joserfc.jwk import OKPKey

from certification.services import certificate_revoke
from records import badges

from .test_certificates import EXPIRES, ISSUED, at, make_certificate


@pytest.fixture
def certificate(org):
    return make_certificate(org["staff_a1"])


def _badge(client, user, number) -> str:
    client.force_login(user)
    response = client.get(reverse("records:certificate_badge", args=[number]))
    assert response.status_code == 200
    client.logout()
    return response.content.decode()


def _segments(token):
    return token.split(".")


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _unb64(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _check(client, token=None, file=None):
    data = {"token": token} if token is not None else {"file": file}
    return client.post(reverse("records:badge_check"), data)


def test_badge_is_an_open_badge_credential_signed_with_the_published_key(client, org, certificate, settings):
    settings.PEIXUN_BASE_URL = "https://peixun.example.cn"
    token = _badge(client, org["staff_a1"].user, certificate.number)
    header, payload = _unb64(_segments(token)[0]), _unb64(_segments(token)[1])
    keys = client.get("/verify/keys.json").json()["keys"]
    assert header["alg"] == "Ed25519" and header["kid"] == keys[0]["kid"]
    assert header["kid"].startswith("https://peixun.example.cn/verify/keys.json#")
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["credentialSubject"]["achievement"]["name"] == "综合受理上岗认证"
    assert payload["validFrom"].startswith("2026-03-02T00:00:00") and payload["validUntil"].startswith(
        "2028-03-01T23:59:59"
    )
    assert payload["issuer"]["id"] == payload["iss"] == "https://peixun.example.cn/verify/issuer.json"
    assert payload["credentialStatus"]["id"] == payload["id"] == payload["jti"]
    assert payload["credentialStatus"]["id"] == f"https://peixun.example.cn/verify/credentials/{certificate.number}/"
    # anyone can check it with the published key alone
    public = OKPKey.import_key({k: v for k, v in keys[0].items() if k in ("kty", "crv", "x")})
    assert jwt.decode(token, public, algorithms=["Ed25519"]).claims["jti"] == payload["jti"]
    assert client.get("/verify/issuer.json").json()["id"] == payload["iss"]


def test_signed_badge_verifies_as_valid(client, org, certificate):
    token = _badge(client, org["staff_a1"].user, certificate.number)
    response = _check(client, token)
    body = response.content.decode()
    assert response.status_code == 200 and "签名有效" in body and "当前状态：有效" in body
    assert certificate.number in body


def test_uploaded_badge_file_verifies_too(client, org, certificate):
    token = _badge(client, org["staff_a1"].user, certificate.number)
    response = _check(client, file=SimpleUploadedFile("b.jwt", token.encode(), "application/vc+jwt"))
    assert "当前状态：有效" in response.content.decode()


def test_tampered_payload_is_refused(client, org, certificate):
    token = _badge(client, org["staff_a1"].user, certificate.number)
    head, payload, sig = _segments(token)
    claims = _unb64(payload)
    claims["validUntil"] = "2099-12-31T23:59:59+08:00"
    claims["exp"] = 4102415999
    forged = ".".join([head, _b64(claims), sig])
    check = badges.badge_verify(forged)
    assert check.outcome == badges.SIGNATURE_INVALID and check.certificate is None
    assert "签名无效" in _check(client, forged).content.decode()


def test_another_keys_signature_is_refused_even_under_our_key_id(org, certificate):
    ours = badges.badge_sign(certificate)
    header, claims = _unb64(_segments(ours)[0]), _unb64(_segments(ours)[1])
    other = OKPKey.generate_key("Ed25519")
    as_ours = jwt.encode({"alg": "Ed25519", "kid": header["kid"]}, claims, other, algorithms=["Ed25519"])
    assert badges.badge_verify(as_ours).outcome == badges.SIGNATURE_INVALID
    as_theirs = jwt.encode(
        {"alg": "Ed25519", "kid": "https://elsewhere.example/keys#1"}, claims, other, algorithms=["Ed25519"]
    )
    assert badges.badge_verify(as_theirs).outcome == badges.NOT_OURS


def test_unsigned_token_is_not_accepted(org, certificate):
    ours = badges.badge_sign(certificate)
    header = {**_unb64(_segments(ours)[0]), "alg": "none"}
    assert badges.badge_verify(f"{_b64(header)}.{_segments(ours)[1]}.").outcome == badges.NOT_OURS


def test_badge_revoked_after_issue_shows_revoked(client, org, certificate):
    token = _badge(client, org["staff_a1"].user, certificate.number)
    certificate_revoke(certificate_id=certificate.pk, by=org["hr"], reason="违规操作", at=at(datetime.date(2026, 7, 1)))
    body = _check(client, token).content.decode()
    assert "已撤销" in body and "违规操作" in body and "2026-07-01" in body
    status = client.get(reverse("records:badge_status", args=[certificate.number])).json()
    assert status["revokedCredentials"][0]["revocationReason"] == "违规操作"


def test_badge_checked_after_the_expiry_day_shows_expired(client, org, certificate):
    token = badges.badge_sign(certificate)
    with time_machine.travel(at(EXPIRES, 23), tick=False):
        assert badges.badge_verify(token).outcome == "valid"
    with time_machine.travel(at(EXPIRES + datetime.timedelta(days=1), 0), tick=False):
        assert badges.badge_verify(token).outcome == "expired"
        assert "当前状态：已过期" in _check(client, token).content.decode()
    with time_machine.travel(at(ISSUED - datetime.timedelta(days=1)), tick=False):
        assert badges.badge_verify(token).outcome == "not_yet"


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "hello",
        "a.b.c",
        "eyJhbGciOiJFZDI1NTE5In0.!!!.???",
        "...",
        "x" * 70000,
        "é.é.é",
        "e30.e30.e30",
        "W10.W10.W10",
    ],
)
def test_garbage_is_a_400_not_a_500(client, db, garbage):
    response = _check(client, garbage)
    assert response.status_code == 400


def test_binary_and_oversized_uploads_are_400(client, db):
    assert _check(client, file=SimpleUploadedFile("x.bin", b"\xff\xfe\x00" * 10)).status_code == 400
    assert _check(client, file=SimpleUploadedFile("x.jwt", b"a" * (65 * 1024))).status_code == 400


def test_badge_download_is_scoped(client, org, certificate):
    client.force_login(org["staff_b1"].user)
    assert client.get(reverse("records:certificate_badge", args=[certificate.number])).status_code == 404
    client.force_login(org["manager_a"].user)
    assert client.get(reverse("records:certificate_badge", args=[certificate.number])).status_code == 200


def test_key_from_the_environment_is_used_and_the_file_is_made_once(settings, tmp_path, org, certificate):
    made = badges.key_id()
    assert settings.PEIXUN_BADGE_KEY_FILE.is_file() and badges.key_id() == made
    assert oct(settings.PEIXUN_BADGE_KEY_FILE.stat().st_mode & 0o777) == "0o600"
    settings.PEIXUN_BADGE_KEY = OKPKey.generate_key("Ed25519").as_pem(private=True).decode()
    assert badges.key_id() != made
    assert badges.badge_verify(badges.badge_sign(certificate)).outcome == "valid"


def test_processes_racing_to_make_the_key_file_all_get_the_one_key(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "var" / "badge_key.pem"
    with ThreadPoolExecutor(8) as pool:
        pems = set(pool.map(lambda _: badges._key_file_read_or_make(path), range(16)))
    assert pems == {path.read_text()} and "PRIVATE KEY" in path.read_text()
    assert [p.name for p in path.parent.iterdir()] == ["badge_key.pem"]  # no temporary file left
