"""The certification report: every person employed on a day and every program their post requires,
as a dict (JSON) or rows (CSV, XLSX). A fixed number of queries for any number of people."""

import datetime

from people.models import Staff

from .models import Program
from .selectors import certificates_load, gc_paused, people_load, statuses_of
from .status import NOT_REQUIRED

COLUMNS = ["staff_no", "program", "status", "issued_on", "expires_on"]


def report_build(*, day: datetime.date, programs: list[Program]) -> dict:
    """Return ``{"as_of", "staff": [{"staff_no", "programs": [{"code", "status", "issued_on", "expires_on"}]}]}``:
    everyone employed on ``day`` by staff number, with each of ``programs`` their post requires then.
    Four queries: people, post history, certificates (``programs`` is a list)."""
    staff = Staff.objects.employed_on(day).order_by("staff_no")
    with gc_paused():
        rows = people_load(staff, extra=("staff_no",))
        held = certificates_load(staff, [p.pk for p in programs])
        statuses = statuses_of({pk: row[0] for pk, row in rows.items()}, held, programs, day)
        iso = datetime.date.isoformat
        return {
            "as_of": day.isoformat(),
            "staff": [
                {
                    "staff_no": no,
                    "programs": [
                        {
                            "code": s.program,
                            "status": s.status,
                            "issued_on": s.issued_on and iso(s.issued_on),
                            "expires_on": s.expires_on and iso(s.expires_on),
                        }
                        for s in statuses[pk]
                        if s.status != NOT_REQUIRED
                    ],
                }
                for pk, (_person, no) in rows.items()
            ],
        }


def report_rows(report: dict) -> list[list]:
    """Return one row per person and required program (``COLUMNS``)."""
    return [
        [p["staff_no"], s["code"], s["status"], s["issued_on"], s["expires_on"]]
        for p in report["staff"]
        for s in p["programs"]
    ]
