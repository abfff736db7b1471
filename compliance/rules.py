"""The training rules R1–R5 of training-policy.md ("Exact semantics" and "Through time"), as a pure function.

``report_evaluate(people=…, events=…, launches=…, as_of=…, year=…)`` returns one verdict per person and
rule, each with its evidence, plus one verdict per hall and week, for one calendar year (default: the
as-of's). No Django and no clock: the as-of instant is an argument, so any day can be evaluated and
tested in milliseconds.

Through time: every window that begins in the year is judged by its own end, also in January (the
last ISO week, December's backbone month, launches of 31 December, starts in post in late December);
leave counts like not being employed; hall, post and backbone status come from the person's history.
The running week is not ``pending`` when a recorded leave overlaps any day of it (Monday to Sunday):
such a week will not be required, so nothing is asked of the person.
"""

import bisect
import contextlib
import datetime
import gc
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from . import periods
from .verdicts import (
    IN_PROGRESS,
    MET,
    MISSED,
    NA,
    OK,
    PENDING,
    AnnualVerdict,
    BackboneVerdict,
    HallWeek,
    NewServiceVerdict,
    OnboardingVerdict,
    PersonReport,
    Report,
    Week,
    WeeklyVerdict,
    WeekStanding,
)

WEEKLY, PLAN, CENTRALIZED, BACKBONE, NEW_SERVICE, ONBOARDING, OTHER = (
    "weekly",
    "plan",
    "centralized",
    "backbone",
    "new_service",
    "onboarding",
    "other",
)
KINDS = (WEEKLY, PLAN, CENTRALIZED, BACKBONE, NEW_SERVICE, ONBOARDING, OTHER)
ANNUAL_KINDS = frozenset({PLAN, CENTRALIZED})


class Facts(NamedTuple):
    """A person's facts in force from ``effective_on`` until the next change (``people.StaffChange``)."""

    effective_on: datetime.date
    hall_code: str
    post: str
    is_backbone: bool


@dataclass(frozen=True, slots=True)
class Person:
    """A person as the rules see them. ``hall_code``, ``is_backbone`` and ``post`` are today's facts;
    ``history`` (sorted by day, the first row holding from the hire date) overrides them when given.
    ``leaves`` are (first day, last day) periods, sorted."""

    staff_no: str
    hall_code: str
    is_backbone: bool
    hired_on: datetime.date
    left_on: datetime.date | None = None
    post: str = ""
    leaves: periods.Leaves = ()
    history: tuple[Facts, ...] = ()

    def timeline(self) -> tuple[Facts, ...]:
        """Return the facts history; without one, today's facts hold from the hire date."""
        return self.history or (Facts(self.hired_on, self.hall_code, self.post, self.is_backbone),)

    def facts_on(self, day: datetime.date) -> Facts:
        """Return the facts in force on ``day`` (the first known facts also before their day)."""
        timeline = self.timeline()
        i = bisect.bisect_right(timeline, day, key=lambda f: f.effective_on) - 1
        return timeline[max(i, 0)]

    def starts(self) -> list[datetime.date]:
        """Return the days the person started in a post: the hire date and every change of post (新上岗)."""
        timeline = self.timeline()
        out = [self.hired_on]
        for before, after in zip(timeline, timeline[1:], strict=False):
            if after.post != before.post and after.effective_on > self.hired_on:
                out.append(after.effective_on)
        return out

    def backbone_throughout(self, first: datetime.date, last: datetime.date) -> bool:
        """Whether the person was backbone on every day from ``first`` to ``last``."""
        return self.facts_on(first).is_backbone and all(
            f.is_backbone for f in self.timeline() if first < f.effective_on <= last
        )

    def backbone_during(self, first: datetime.date, last: datetime.date) -> bool:
        """Whether the person was backbone on any day from ``first`` to ``last``."""
        return self.facts_on(first).is_backbone or any(
            f.is_backbone for f in self.timeline() if first < f.effective_on <= last
        )


class Event(NamedTuple):
    """One piece of training evidence. A tuple, not a dataclass: the selector builds 600,000 of them
    straight from database rows and the rules unpack them in their hot loop."""

    staff_no: str
    kind: str
    occurred_at: datetime.datetime
    launch_code: str | None = None


@dataclass(frozen=True, slots=True)
class LaunchInfo:
    code: str
    announced_at: datetime.datetime
    hall_codes: frozenset[str] = frozenset()  # empty = every hall


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A session held for some halls; lets a hall's week count as "held" even if nobody came."""

    kind: str
    starts_at: datetime.datetime
    hall_codes: frozenset[str]


@dataclass(frozen=True)
class Thresholds:
    """The HR-editable numbers (``ComplianceSettings``); defaults are the policy's."""

    annual_required: int = 12
    centralized_required: int = 4
    onboarding_days: int = 7
    new_service_hours: int = 48


@dataclass
class _Year:
    """Everything about the report's year that does not depend on the person, computed once.

    Weeks are numbered by their index in ``mondays`` (the Mondays of the year up to the as-of day).
    """

    as_of: datetime.datetime
    as_of_day: datetime.date
    year: int
    thresholds: Thresholds
    mondays: list[datetime.date]
    codes: list[str]
    ended: int  # weeks 0 .. ended-1 ended before the as-of day; week ``ended`` (if any) is running
    months: list[tuple[str, datetime.date, datetime.date]]  # months that ended before the as-of day
    launches: list[tuple[LaunchInfo, datetime.date, datetime.datetime, datetime.datetime, bool]]
    # ^ launch, announcement day, announcement and deadline in UTC, deadline passed
    start: datetime.datetime  # the year's first instant
    close: datetime.datetime  # the instant every window of the year has ended (``periods.year_close``)
    over: bool  # the as-of lies after the year: R2 is final

    def week_range(self, hired_on: datetime.date, left_on: datetime.date | None, last: datetime.date) -> range:
        """Return the indexes of the weeks employed for in full, among weeks ending on or before ``last``."""
        lo = bisect.bisect_left(self.mondays, hired_on)
        limit = last if left_on is None else min(last, left_on)
        hi = bisect.bisect_right(self.mondays, limit - SIX_DAYS)
        return range(lo, hi)


SIX_DAYS = datetime.timedelta(days=6)


@dataclass
class PersonFacts:
    """One person's events of the report's year, reduced to exactly what the rules look at.

    ``report_evaluate`` reduces events itself (``events=``), keeping the instants as evidence; a
    selector may instead reduce them in the database (``facts=``) for a big report, where the
    instants are None. Weeks are numbered from the first Monday of the year (0, 1, …; before it: -1).
    """

    weeks: dict[int, datetime.datetime | None] = field(default_factory=dict)
    weekly_kind_weeks: set[int] = field(default_factory=set)
    backbone_months: dict[str, datetime.datetime | None] = field(default_factory=dict)
    annual_count: int = 0
    centralized_count: int = 0
    annual_counted: list[datetime.datetime] = field(default_factory=list)
    launches_done: dict[str, datetime.datetime | None] = field(default_factory=dict)
    onboarding: list[datetime.datetime] = field(default_factory=list)  # every onboarding instant, sorted


def _year_context(
    as_of: datetime.datetime, year: int | None, thresholds: Thresholds, launches: Iterable[LaunchInfo]
) -> _Year:
    as_of_day = periods.local_day(as_of)
    if year is None:
        year = as_of_day.year
    elif year > as_of_day.year:
        raise ValueError(f"the report's year {year} lies after the as-of time {as_of.isoformat()}")
    mondays = [m for m in periods.week_mondays_of_year(year) if m <= as_of_day]
    months = []
    for month in range(1, 13):
        first, last = periods.month_bounds(year, month)
        if last >= as_of_day:
            break
        months.append((periods.month_code(first), first, last))
    in_year = []
    for launch in sorted(launches, key=lambda x: (x.announced_at, x.code)):
        day = periods.local_day(launch.announced_at)
        if day.year == year and launch.announced_at <= as_of:
            start = launch.announced_at.astimezone(datetime.UTC)
            deadline = periods.launch_deadline(start, hours=thresholds.new_service_hours)
            in_year.append((launch, day, start, deadline, as_of > deadline))
    return _Year(
        as_of=as_of,
        as_of_day=as_of_day,
        year=year,
        thresholds=thresholds,
        mondays=mondays,
        codes=[periods.week_code(m) for m in mondays],
        ended=sum(1 for m in mondays if m + SIX_DAYS < as_of_day),
        months=months,
        launches=in_year,
        start=periods.day_start(datetime.date(year, 1, 1)),
        close=periods.year_close(
            year, onboarding_days=thresholds.onboarding_days, new_service_hours=thresholds.new_service_hours
        ),
        over=as_of_day.year > year,
    )


def _week_of(day: datetime.date, y: _Year) -> int:
    """Return the index of the report's week holding ``day``, or -1 when no week of the report holds it."""
    week = bisect.bisect_right(y.mondays, day) - 1
    return week if week >= 0 and day <= y.mondays[week] + SIX_DAYS else -1


def _slot(at: datetime.datetime, y: _Year) -> tuple[int, str | None, datetime.datetime] | None:
    """Return (week index or -1, month code if the day lies in the year else None, the instant in UTC),
    or None when the report ignores the instant (after the as-of, before the year, after its windows)."""
    if at > y.as_of or at < y.start or at > y.close:
        return None
    day = periods.local_day(at)
    month = periods.month_code(day) if day.year == y.year else None
    return _week_of(day, y), month, at.astimezone(datetime.UTC)


def _collect(events: Iterable[Event], y: _Year) -> dict[str, PersonFacts]:
    """Reduce events to facts per person in one pass (the hot loop of a big report).

    The calendar position of each distinct instant is computed once (a session's attendees share it),
    and instants are normalised to UTC so later comparisons take the fast path. The evidence kept per
    week or month is the first event listed for it; the same (kind, instant) counts once.
    """
    facts: dict[str, PersonFacts] = {}
    annual: dict[str, set[tuple[str, datetime.datetime]]] = defaultdict(set)
    windows = {launch.code: (start, deadline) for launch, _day, start, deadline, _passed in y.launches}
    slots: dict[datetime.datetime, tuple[int, str, datetime.datetime] | None] = {}
    current, f = None, None
    for no, kind, at, launch_code in events:
        try:
            slot = slots[at]
        except KeyError:
            slot = slots[at] = _slot(at, y)
        if slot is None:
            continue
        if no != current:
            current = no
            f = facts.get(no)
            if f is None:
                f = facts[no] = PersonFacts()
        week, month, at = slot
        if week >= 0:
            f.weeks.setdefault(week, at)
        if kind == WEEKLY:
            if week >= 0:
                f.weekly_kind_weeks.add(week)
        elif kind in ANNUAL_KINDS:
            if month is not None:
                annual[no].add((kind, at))
        elif kind == BACKBONE:
            if month is not None:
                f.backbone_months.setdefault(month, at)
        elif kind == NEW_SERVICE:
            window = windows.get(launch_code)
            if window is not None and window[0] <= at <= window[1]:
                first = f.launches_done.get(launch_code)
                if first is None or at < first:
                    f.launches_done[launch_code] = at
        elif kind == ONBOARDING:
            f.onboarding.append(at)
    for no, pairs in annual.items():
        f = facts[no]
        f.annual_count = len(pairs)
        f.centralized_count = sum(1 for kind, _at in pairs if kind == CENTRALIZED)
        f.annual_counted = sorted(at for _kind, at in pairs)
    for f in facts.values():
        if len(f.onboarding) > 1:
            f.onboarding.sort()
    return facts


def _required_weeks(p: Person, y: _Year, last: datetime.date):
    """Return the indexes of the weeks ending on or before ``last`` that ``p`` was employed for in full,
    not on leave on any of their days."""
    weeks = y.week_range(p.hired_on, p.left_on, last)
    if not p.leaves:
        return weeks
    mondays, off = y.mondays, set()
    for start, end in p.leaves:  # the weeks a leave touches: Mondays from its first day - 6 to its last day
        off.update(range(bisect.bisect_left(mondays, start - SIX_DAYS), bisect.bisect_right(mondays, end)))
    return [i for i in weeks if i not in off]


def _weekly(p: Person, f: PersonFacts, y: _Year) -> WeeklyVerdict:
    codes, weeks = y.codes, f.weeks
    required = _required_weeks(p, y, y.as_of_day - datetime.timedelta(days=1))
    missed = [codes[i] for i in required if i not in weeks]
    pending = None
    running = y.ended
    if running < len(y.mondays) and running not in weeks:
        monday = y.mondays[running]
        if periods.employed_for(monday, y.as_of_day, hired_on=p.hired_on, left_on=p.left_on) and not (
            p.leaves and periods.on_leave(monday, monday + SIX_DAYS, p.leaves)
        ):
            pending = codes[running]
    done = dict(zip(map(codes.__getitem__, weeks), weeks.values(), strict=True))  # indexes are the report's weeks
    return WeeklyVerdict(MISSED if missed else OK, missed, pending, done)


def week_standing(weekly: WeeklyVerdict, *, year: int, today: datetime.date) -> WeekStanding:
    """Return the state of the week holding ``today`` and the weeks of ``year`` missed before it.

    The running week is done, pending or not required, never missed, so "本周 ✓" beside missed weeks
    always means earlier weeks; on 1–3 January the running week may be the last of the year before.
    """
    code, monday = periods.week_code(today), periods.week_monday(today)
    status = OK if code in weekly.done else PENDING if code == weekly.pending else NA
    earlier = tuple(w for w in (Week(c, periods.week_code_monday(c)) for c in weekly.missed) if w.monday < monday)
    return WeekStanding(year, code, monday, status, weekly.done.get(code), earlier)


def _annual(p: Person, f: PersonFacts, y: _Year) -> AnnualVerdict:
    t = y.thresholds
    counted, count, centralized = f.annual_counted, f.annual_count, f.centralized_count
    days = periods.days_employed_in_year(y.year, hired_on=p.hired_on, left_on=p.left_on, leaves=p.leaves)
    if days == 0:
        return AnnualVerdict(NA, y.year, count, 0, centralized, 0, counted)
    of_days = periods.days_in_year(y.year)
    required = periods.prorated(t.annual_required, days=days, of_days=of_days)
    central_required = periods.prorated(t.centralized_required, days=days, of_days=of_days)
    if count >= required and centralized >= central_required:
        status = MET
    elif y.over or (p.left_on is not None and p.left_on < y.as_of_day):
        status = MISSED
    else:
        status = IN_PROGRESS
    return AnnualVerdict(status, y.year, count, required, centralized, central_required, counted)


def _backbone(p: Person, f: PersonFacts, y: _Year) -> BackboneVerdict:
    if not p.history:
        if not p.is_backbone:
            return BackboneVerdict(NA, [])
    elif not p.backbone_during(datetime.date(y.year, 1, 1), min(y.as_of_day, datetime.date(y.year, 12, 31))):
        return BackboneVerdict(NA, [])
    missed, done = [], {}
    for code, first, last in y.months:
        if code in f.backbone_months:
            done[code] = f.backbone_months[code]
        elif periods.employed_for(first, last, hired_on=p.hired_on, left_on=p.left_on, leaves=p.leaves) and (
            not p.history or p.backbone_throughout(first, last)
        ):
            missed.append(code)
    return BackboneVerdict(MISSED if missed else OK, missed, done)


def _new_service(p: Person, f: PersonFacts, y: _Year) -> NewServiceVerdict:
    missed, pending, done, deadlines = [], [], {}, {}
    hall, hired_on, left_on, leaves, history = p.hall_code, p.hired_on, p.left_on, p.leaves, p.history
    for launch, day, _start, deadline, passed in y.launches:
        if hired_on > day or (left_on is not None and left_on < day):
            continue
        if leaves and periods.on_leave(day, day, leaves):
            continue
        if launch.hall_codes and (p.facts_on(day).hall_code if history else hall) not in launch.hall_codes:
            continue
        code = launch.code
        deadlines[code] = deadline
        if code in f.launches_done:
            done[code] = f.launches_done[code]
        elif passed:
            missed.append(code)
        else:
            pending.append(code)
    return NewServiceVerdict(MISSED if missed else OK, missed, pending, done, deadlines)


def _onboarding(p: Person, f: PersonFacts, y: _Year) -> OnboardingVerdict:
    starts = [d for d in (p.starts() if p.history else (p.hired_on,)) if d.year == y.year and d <= y.as_of_day]
    if not starts:
        return OnboardingVerdict(NA)
    start = starts[-1]
    deadline = periods.onboarding_deadline(start, days=y.thresholds.onboarding_days)
    begin = periods.day_start(start)
    first = next((at for at in f.onboarding if at >= begin), None)
    if first is not None and first <= deadline:
        return OnboardingVerdict(OK, deadline, first, start)
    return OnboardingVerdict(MISSED if y.as_of > deadline else PENDING, deadline, None, start)


def _hall_weeks(
    people: list[Person], facts: dict[str, PersonFacts], sessions: Iterable[SessionInfo], y: _Year
) -> list[HallWeek]:
    """Count each required week for the hall the person belonged to on its Monday."""
    n = len(y.mondays)
    held: dict[str, set[int]] = defaultdict(set)
    required: dict[str, list[int]] = {}
    attended: dict[str, list[int]] = {}
    for s in sessions:
        if s.kind == WEEKLY and s.starts_at <= y.as_of:
            week = _week_of(periods.local_day(s.starts_at), y)
            if week >= 0:
                for code in s.hall_codes:
                    held[code].add(week)
    last_sunday = y.mondays[-1] + SIX_DAYS if n else y.as_of_day
    for p in people:
        f = facts.get(p.staff_no)
        weekly = f.weekly_kind_weeks if f is not None else set()
        if len(p.history) <= 1:
            hall = p.history[0].hall_code if p.history else p.hall_code
            req = required.setdefault(hall, [0] * n)
            att = attended.setdefault(hall, [0] * n)
            held[hall].update(weekly)
            for i in _required_weeks(p, y, last_sunday):
                req[i] += 1
                if i in weekly:
                    att[i] += 1
            continue
        for i in weekly:
            held[p.facts_on(y.mondays[i]).hall_code].add(i)
        for hall in {p.facts_on(m).hall_code for m in y.mondays} or {p.hall_code}:
            required.setdefault(hall, [0] * n)
            attended.setdefault(hall, [0] * n)
        for i in _required_weeks(p, y, last_sunday):
            hall = p.facts_on(y.mondays[i]).hall_code
            required[hall][i] += 1
            if i in weekly:
                attended[hall][i] += 1
    return [
        HallWeek(hall, y.codes[i], y.mondays[i], i in held[hall], required[hall][i], attended[hall][i])
        for hall in sorted(required)
        for i in range(n)
    ]


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Building ~10 objects per person for 10,000 people triggers it over and over, each pass walking
    everything built so far; reference counting still frees what is dropped.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def report_evaluate(
    *,
    people: Iterable[Person],
    launches: Iterable[LaunchInfo],
    as_of: datetime.datetime,
    events: Iterable[Event] | None = None,
    facts: dict[str, PersonFacts] | None = None,
    thresholds: Thresholds | None = None,
    sessions: Iterable[SessionInfo] = (),
    with_halls: bool = True,
    year: int | None = None,
) -> Report:
    """Evaluate R1–R5 for everyone as of ``as_of`` over the calendar ``year`` (default: the as-of's
    year in Asia/Shanghai; a later year is a ValueError).

    Give either ``events`` (events after ``as_of``, before the year or after the windows that began in
    it are ignored; the same event listed twice counts once) or ``facts`` already reduced the same way
    (see ``PersonFacts``).
    """
    if (events is None) == (facts is None):
        raise TypeError("give exactly one of events= or facts=")
    with gc_paused():
        return _evaluate(people, launches, as_of, year, events, facts, thresholds, sessions, with_halls)


def _evaluate(people, launches, as_of, year, events, facts, thresholds, sessions, with_halls) -> Report:
    y = _year_context(as_of, year, thresholds or Thresholds(), launches)
    people = sorted(people, key=lambda p: p.staff_no)
    if facts is None:
        facts = _collect(events, y)
    empty = PersonFacts()
    staff = []
    for p in people:
        f = facts.get(p.staff_no, empty)
        staff.append(
            PersonReport(
                p, _weekly(p, f, y), _annual(p, f, y), _backbone(p, f, y), _new_service(p, f, y), _onboarding(p, f, y)
            )
        )
    halls = _hall_weeks(people, facts, sessions, y) if with_halls else []
    return Report(as_of=as_of, year=y.year, staff=staff, halls=halls, weeks=y.codes)
