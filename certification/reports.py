"""The certification report: every person employed on a day and every program their post requires,
as a dict (JSON) or rows (CSV, XLSX). A fixed number of queries for any number of people."""

import datetime

from people.models import Staff

from . import status
from .models import Program
from .selectors import certification_statuses

COLUMNS = ["staff_no", "name", "hall", "program", "status", "issued_on", "expires_on", "days_left"]


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def report_build(*, day: datetime.date, programs: list[Program]) -> dict:
    """Return ``{"as_of", "staff": [{"staff_no", "programs": [{"code", "status", "issued_on", "expires_on"}]}]}``:
    everyone employed on ``day`` by staff number, with each of ``programs`` their post requires then."""
    staff = Staff.objects.employed_on(day)
    statuses = certification_statuses(staff=staff, as_of=day, programs=programs)
    people = staff.order_by("staff_no").values_list("pk", "staff_no", "name", "hall__code")
    return {
        "as_of": day.isoformat(),
        "staff": [
            {
                "staff_no": no,
                "name": name,
                "hall": hall,
                "programs": [
                    {
                        "code": s.program,
                        "status": s.status,
                        "issued_on": _iso(s.issued_on),
                        "expires_on": _iso(s.expires_on),
                        "days_left": s.days_left,
                    }
                    for s in statuses[pk]
                    if s.status != status.NOT_REQUIRED
                ],
            }
            for pk, no, name, hall in people
        ],
    }


def report_rows(report: dict) -> list[list]:
    """Return one row per person and required program (``COLUMNS``)."""
    return [
        [p["staff_no"], p["name"], p["hall"], s["code"], s["status"], s["issued_on"], s["expires_on"], s["days_left"]]
        for p in report["staff"]
        for s in p["programs"]
    ]
