"""The 上岗证 as a record: its PDF's data, who may download it, and whether it is valid on a day.

Validity is computed when asked (the verify page, a badge check), never printed as a state: a PDF made
while the certificate was valid shows expired after its expiry day and revoked once HR revokes it.
"""

import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.models import Certificate
from people.selectors import staff_visible_to

from .documents import DocumentSpec
from .models import DocumentKind

VALID, EXPIRED, REVOKED, NOT_YET = "valid", "expired", "revoked", "not_yet"
VALIDITY_LABELS = {
    VALID: gettext_lazy("有效"),
    EXPIRED: gettext_lazy("已过期"),
    REVOKED: gettext_lazy("已撤销"),
    NOT_YET: gettext_lazy("尚未生效"),
}


def certificate_validity(certificate: Certificate, *, day: datetime.date) -> str:
    """Return valid / expired / revoked / not_yet of ``certificate`` on the local ``day``."""
    if certificate.revoked_at is not None:
        return REVOKED
    if day < certificate.issued_on:
        return NOT_YET
    return EXPIRED if day > certificate.expires_on else VALID


def certificates_downloadable_by(user) -> QuerySet[Certificate]:
    """Certificates of the people ``user`` may see (``staff_visible_to``), not revoked."""
    visible = staff_visible_to(user).order_by().values("pk")
    return Certificate.objects.filter(staff__in=visible, revoked_at__isnull=True).select_related(
        "program", "staff__hall__branch"
    )


def certificate_spec(certificate: Certificate) -> DocumentSpec:
    """Return the 上岗证 PDF of ``certificate`` (program and staff with hall loaded)."""
    staff, program = certificate.staff, certificate.program
    data = {
        "number": certificate.number,
        "program": {"code": program.code, "name": program.name},
        "staff": {
            "name": staff.name,
            "staff_no": staff.staff_no,
            "hall": staff.hall.name,
            "post": staff.get_post_display(),
        },
        "issued_on": certificate.issued_on.isoformat(),
        "expires_on": certificate.expires_on.isoformat(),
        "issuer": settings.RECORDS_ORG_NAME,
    }
    return DocumentSpec(
        kind=DocumentKind.CERTIFICATE,
        subject_key=f"certificate:{certificate.number}",
        title=f"{_('上岗证')} {program.name} {staff.name}",
        template="records/certificate.html",
        data=data,
        summary={
            "number": certificate.number,
            "name": staff.name,
            "program": program.name,
            "start": data["issued_on"],
            "end": data["expires_on"],
        },
        staff_id=staff.pk,
        hall_id=staff.hall_id,
    )


def certificate_of_document(summary: dict) -> Certificate | None:
    """Return the certificate a verified 上岗证 PDF was made of (with its replacement, if reissued)."""
    number = summary.get("number")
    if not number:
        return None
    return Certificate.objects.select_related("program").prefetch_related("replaced_by").filter(number=number).first()
