"""The report as a flat table (one row per person): the machine columns of ``compliance_report`` and the
report view's export, which adds human columns in the user's language before them."""

from django.utils.translation import gettext_lazy as _

from .statuses import rule_cells
from .verdicts import PersonReport, Report

COLUMNS = [
    "staff_no",
    "compliant",
    "weekly_status",
    "weekly_missed",
    "weekly_pending",
    "annual_status",
    "annual_year",
    "annual_count",
    "annual_required",
    "annual_centralized",
    "annual_centralized_required",
    "backbone_status",
    "backbone_missed",
    "new_service_status",
    "new_service_missed",
    "new_service_pending",
    "onboarding_status",
]

HEADINGS = {
    "name": _("姓名"),
    "hall": _("营业厅"),
    "post": _("岗位"),
    "compliant_label": _("是否合规"),
    "weekly_label": _("周培训"),
    "weekly_count": _("周培训缺周数"),
    "annual_label": _("年度培训"),
    "annual_counts": _("年度培训次数"),
    "backbone_label": _("骨干培训"),
    "backbone_count": _("骨干培训缺月数"),
    "new_service_label": _("新业务培训"),
    "new_service_count": _("新业务培训缺项"),
    "onboarding_label": _("入职安全教育"),
    "onboarding_count": _("入职安全教育截止"),
}
"""The people's columns of the report view's export, by field name, in the user's language; the
machines' columns (``MACHINE_FIELDS``, codes under their field names) follow them."""

MACHINE_FIELDS = ["staff_no", "hall_code", "post_code", *COLUMNS[1:]]
"""The codes at the end of the export: the person, hall and post codes, then the rest of ``COLUMNS``."""


def person_row(p: PersonReport) -> list:
    """Return one person's ``COLUMNS``: raw status codes, lists joined with ``;``."""
    r = p.to_dict()["rules"]
    w, a, b, n = r["weekly"], r["annual"], r["backbone"], r["new_service"]
    return [
        p.staff_no,
        "true" if p.compliant else "false",
        w["status"],
        ";".join(w["missed"]),
        w["pending"] or "",
        a["status"],
        a["year"],
        a["count"],
        a["required"],
        a["centralized"],
        a["centralized_required"],
        b["status"],
        ";".join(b["missed"]),
        n["status"],
        ";".join(n["missed"]),
        ";".join(n["pending"]),
        r["onboarding"]["status"],
    ]


def report_rows(report: Report) -> list[list]:
    """Return one row per person (``COLUMNS``)."""
    return [person_row(p) for p in report.staff]


def certification_columns(programs) -> tuple[dict, list[str]]:
    """Return the certification columns of the export, one pair per program: ``{cert_<code>_label:
    program name}`` (people: the Chinese label) and ``[cert_<code>]`` (machines: the status code)."""
    return {f"cert_{p.code}_label": p.name for p in programs}, [f"cert_{p.code}" for p in programs]


def export_fields(programs) -> list[str]:
    """Return the export's fields: people's columns (with a label per program), then the machines'."""
    labels, codes = certification_columns(programs)
    return [*HEADINGS, *labels, *MACHINE_FIELDS, *codes]


def certification_export(certification) -> dict:
    """Return a person's certification cells (``certification.display.Cell`` per program) as export fields."""
    out = {}
    for c in certification:
        out[f"cert_{c.row.program}_label"] = c.label
        out[f"cert_{c.row.program}"] = c.code
    return out


def person_export(staff, p: PersonReport) -> dict:
    """Return one person's export row: the ``HEADINGS`` fields, then ``MACHINE_FIELDS``."""
    human = {
        "name": staff.name,
        "hall": staff.hall.name,
        "post": str(staff.get_post_display()),
        "compliant_label": str(_("是") if p.compliant else _("否")),
    }
    for c in rule_cells(p):
        human[f"{c.rule}_label"] = c.label
        human["annual_counts" if c.rule == "annual" else f"{c.rule}_count"] = c.count
    codes = {"hall_code": staff.hall.code, "post_code": staff.post}
    return human | codes | dict(zip(COLUMNS, person_row(p), strict=True))


EXPORT_FIELDS = [*HEADINGS, *MACHINE_FIELDS]
"""The fields without certification (no active program); the view adds its columns (``export_fields``)."""
