"""What the rules return: one verdict per person and rule, with its evidence, and per hall and week.

Pure dataclasses; ``PersonReport.to_dict`` is the exact shape of the ``compliance_report`` contract.
"""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from . import periods

if TYPE_CHECKING:
    from .rules import Person

OK, MISSED, PENDING, NA, MET, IN_PROGRESS = "ok", "missed", "pending", "n/a", "met", "in_progress"


@dataclass
class WeeklyVerdict:
    status: str
    missed: list[str]
    pending: str | None
    done: dict[str, datetime.datetime]  # week code -> first event of that week (evidence)

    def week_status(self, code: str) -> str:
        """Return ok, missed, pending or n/a (not required, or not reached yet) for one week of the year."""
        if code in self.done:
            return OK
        if code == self.pending:
            return PENDING
        return MISSED if code in self.missed else NA


class Week(NamedTuple):
    code: str
    monday: datetime.date

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)


@dataclass(frozen=True)
class WeekStanding:
    """The running week and the weeks of the report's year missed before it: what 本周 and 此前 say."""

    year: int
    week: str
    monday: datetime.date
    status: str  # OK, PENDING or NA (not required this week)
    done_at: datetime.datetime | None
    earlier_missed: tuple[Week, ...]  # oldest first

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)


@dataclass
class AnnualVerdict:
    status: str
    year: int
    count: int
    required: int
    centralized: int
    centralized_required: int
    counted: list[datetime.datetime] = field(default_factory=list)


@dataclass
class BackboneVerdict:
    status: str
    missed: list[str]
    done: dict[str, datetime.datetime] = field(default_factory=dict)


@dataclass
class NewServiceVerdict:
    status: str
    missed: list[str]
    pending: list[str]
    done: dict[str, datetime.datetime] = field(default_factory=dict)
    deadlines: dict[str, datetime.datetime] = field(default_factory=dict)


@dataclass
class OnboardingVerdict:
    status: str
    deadline: datetime.datetime | None = None
    done_at: datetime.datetime | None = None
    start: datetime.date | None = None  # the start in post judged (hire or change of post)


@dataclass
class PersonReport:
    person: "Person"
    weekly: WeeklyVerdict
    annual: AnnualVerdict
    backbone: BackboneVerdict
    new_service: NewServiceVerdict
    onboarding: OnboardingVerdict

    @property
    def staff_no(self) -> str:
        return self.person.staff_no

    @property
    def compliant(self) -> bool:
        return MISSED not in (v.status for v in self.verdicts())

    def verdicts(self):
        return (self.weekly, self.annual, self.backbone, self.new_service, self.onboarding)

    def to_dict(self) -> dict:
        """Return the exact shape of the ``compliance_report`` contract."""
        a = self.annual
        return {
            "staff_no": self.staff_no,
            "compliant": self.compliant,
            "rules": {
                "weekly": {"status": self.weekly.status, "missed": self.weekly.missed, "pending": self.weekly.pending},
                "annual": {
                    "status": a.status,
                    "year": a.year,
                    "count": a.count,
                    "required": a.required,
                    "centralized": a.centralized,
                    "centralized_required": a.centralized_required,
                },
                "backbone": {"status": self.backbone.status, "missed": self.backbone.missed},
                "new_service": {
                    "status": self.new_service.status,
                    "missed": self.new_service.missed,
                    "pending": self.new_service.pending,
                },
                "onboarding": {"status": self.onboarding.status},
            },
        }


@dataclass
class HallWeek:
    """Was a ``weekly`` session held for the hall that week, and what share of its required staff attended."""

    hall_code: str
    week: str
    monday: datetime.date
    held: bool
    required: int
    attended: int

    @property
    def share(self) -> float | None:
        return self.attended / self.required if self.required else None


@dataclass
class Report:
    as_of: datetime.datetime
    year: int
    staff: list[PersonReport]
    halls: list[HallWeek]
    weeks: list[str] = field(default_factory=list)  # codes of the year's weeks up to the as-of day

    def to_dict(self) -> dict:
        return {
            "as_of": self.as_of.astimezone(periods.TZ).isoformat(),
            "year": self.year,
            "staff": [p.to_dict() for p in self.staff],
        }
