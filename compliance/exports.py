"""The report as a flat table (one row per person), for the CSV and XLSX files of `lms.spreadsheets`."""

from .verdicts import Report

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


def report_rows(report: Report, staff_nos: set[str] | None = None) -> list[list]:
    """Return one row per person (``COLUMNS``), lists joined with ``;``; optionally only some people."""
    out = []
    for p in report.staff:
        if staff_nos is not None and p.staff_no not in staff_nos:
            continue
        r = p.to_dict()["rules"]
        w, a, b, n = r["weekly"], r["annual"], r["backbone"], r["new_service"]
        out.append(
            [
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
        )
    return out
