"""What certification holds about one person, for their download (PIPL): certificates and practical
assessments."""

from lms.personal_data import Section


def personal_data(staff) -> list[Section]:
    certificates = staff.certificates.order_by("issued_on", "pk").values(
        "number",
        "program__code",
        "program__name",
        "issued_on",
        "expires_on",
        "source",
        "evidence",
        "replaces__number",
        "revoked_at",
        "revoke_reason",
    )
    assessments = staff.practical_assessments.order_by("assessed_on", "pk").values(
        "program__code", "assessed_on", "passed", "note"
    )
    return [Section("certificates", list(certificates)), Section("practical_assessments", list(assessments))]
