"""Reads for the rules: load people, events, launches and sessions in a fixed number of queries.

The count of SQL queries does not grow with the number of people: each kind of row is read with one
``values_list`` and turned into the pure core's tuples (``compliance.rules``) without model instances.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, QuerySet

from exams.models import Attempt, AttemptState, QuizAssignment
from exams.work import WorkRow, assignment_rows
from people.models import Staff

from . import periods
from .models import ComplianceSettings, EventKind, Launch, TrainingEvent, TrainingSession
from .rules import Event, LaunchInfo, Person, PersonFacts, SessionInfo, Thresholds, gc_paused, report_evaluate
from .verdicts import Report


@dataclass
class ReportInputs:
    people: list[Person]
    events: list[Event] | None
    launches: list[LaunchInfo]
    sessions: list[SessionInfo]
    thresholds: Thresholds
    facts: dict[str, PersonFacts] | None = None


def compliance_thresholds() -> Thresholds:
    """Return the HR-edited thresholds (设置 → 培训合规)."""
    return ComplianceSettings.load().thresholds()


def year_window(as_of: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """Return the start of the as-of's calendar year (Shanghai) and the as-of itself."""
    year = periods.local_day(as_of).year
    return periods.day_start(datetime.date(year, 1, 1)), as_of


# One row per person: the rules' facts, reduced where the events live. Must agree with
# ``rules._collect`` (pinned by tests/compliance/test_selectors.py on PostgreSQL). Weeks are counted
# in seconds from the local midnight of the year's first Monday (valid while the zone's offset is
# fixed all year, checked by the caller) and, like backbone months, returned as bit masks.
FACTS_SQL = """
SELECT e.staff_id,
       bit_or(1::bigint << x.week) FILTER (WHERE x.week >= 0),
       bit_or(1::bigint << x.week) FILTER (WHERE x.week >= 0 AND e.kind = 'weekly'),
       bit_or(1 << date_part('month', e.occurred_at AT TIME ZONE %(tz)s)::int) FILTER (WHERE e.kind = 'backbone'),
       count(DISTINCT e.occurred_at) FILTER (WHERE e.kind = 'plan'),
       count(DISTINCT e.occurred_at) FILTER (WHERE e.kind = 'centralized'),
       array_agg(l.code) FILTER (
         WHERE e.kind = 'new_service' AND l.announced_at >= %(start)s AND l.announced_at <= %(as_of)s
           AND e.occurred_at >= l.announced_at AND e.occurred_at <= l.announced_at + %(window)s),
       min(e.occurred_at) FILTER (WHERE e.kind = 'onboarding')
FROM compliance_trainingevent e
LEFT JOIN compliance_launch l ON l.id = e.launch_id
CROSS JOIN LATERAL (
  SELECT floor((date_part('epoch', e.occurred_at) - %(monday)s) / 604800)::int AS week
) x
WHERE e.occurred_at >= %(start)s AND e.occurred_at <= %(as_of)s {scope}
GROUP BY e.staff_id
"""


def _bits(mask: int | None) -> list[int]:
    """Return the positions of the set bits of ``mask``, lowest first."""
    return [i for i, bit in enumerate(reversed(bin(mask or 0))) if bit == "1"]


def facts_load(
    *,
    as_of: datetime.datetime,
    thresholds: Thresholds,
    staff: QuerySet[Staff] | None = None,
    numbers: dict[int, str] | None = None,
) -> dict[str, PersonFacts]:
    """Reduce the year's events to ``PersonFacts`` in PostgreSQL: one query, one row per person.

    For big reports: 600,000 events become 10,000 rows. The instants are not kept (evidence is None).
    """
    start, end = year_window(as_of)
    year = periods.local_day(as_of).year
    params = {
        "start": start,
        "as_of": end,
        "tz": str(periods.TZ),
        "monday": periods.day_start(periods.week_mondays_of_year(year)[0]).timestamp(),
        "window": datetime.timedelta(hours=thresholds.new_service_hours),
    }
    scope = ""
    if staff is not None:
        sql, scope_params = staff.order_by().values("pk").query.sql_with_params()
        pieces = sql.split("%s")  # Django's positional placeholders, renamed to join the named ones
        scope = (
            "AND e.staff_id IN ("
            + "".join(piece + (f"%(scope{i})s" if i < len(pieces) - 1 else "") for i, piece in enumerate(pieces))
            + ")"
        )
        params |= {f"scope{i}": v for i, v in enumerate(scope_params)}
    facts = {}
    if numbers is None:
        numbers = dict((staff if staff is not None else Staff.objects).order_by().values_list("pk", "staff_no"))
    with connection.cursor() as cursor, gc_paused():
        cursor.execute(FACTS_SQL.format(scope=scope), params)
        for pk, weeks, weekly, months, plan, central, launches, onboarding in cursor.fetchall():
            facts[numbers[pk]] = PersonFacts(
                weeks=dict.fromkeys(_bits(weeks)),
                weekly_kind_weeks=set(_bits(weekly)),
                backbone_months=dict.fromkeys(f"{year}-{m:02d}" for m in _bits(months)),
                annual_count=plan + central,
                centralized_count=central,
                launches_done=dict.fromkeys(launches or ()),
                onboarding_first=onboarding,
            )
    return facts


def report_inputs(
    *, as_of: datetime.datetime, staff: QuerySet[Staff] | None = None, evidence: bool = True
) -> ReportInputs:
    """Load everything a report as of ``as_of`` needs, for ``staff`` (default: everyone), in six queries.

    With ``evidence=False`` on PostgreSQL the events are reduced in the database (``facts_load``):
    same verdicts, without the instants of the evidence, fast enough for 10,000 people.
    """
    start, end = year_window(as_of)
    thresholds = compliance_thresholds()
    people_qs = staff if staff is not None else Staff.objects.all()
    rows = people_qs.order_by().values_list("pk", "staff_no", "hall__code", "is_backbone", "hired_on", "left_on")
    people, numbers = [], {}
    with gc_paused():
        for pk, *values in rows:
            people.append(Person(*values))
            numbers[pk] = values[0]
    events, facts = None, None
    year = periods.local_day(as_of).year
    if not evidence and connection.vendor == "postgresql" and periods.offset_is_fixed(year):
        facts = facts_load(as_of=as_of, thresholds=thresholds, staff=staff, numbers=numbers)
    else:
        events_qs = TrainingEvent.objects.filter(occurred_at__gte=start, occurred_at__lte=end).order_by()
        if staff is not None:
            events_qs = events_qs.filter(staff__in=staff.order_by().values("pk"))
        events = list(events_qs.values_list("staff__staff_no", "kind", "occurred_at", "launch__code"))
    launches = Launch.objects.filter(announced_at__gte=start, announced_at__lte=end).order_by()
    hall_codes = defaultdict(set)
    for launch_id, code in Launch.halls.through.objects.filter(launch__in=launches).values_list(
        "launch_id", "hall__code"
    ):
        hall_codes[launch_id].add(code)
    infos = [
        LaunchInfo(code, announced_at, frozenset(hall_codes[pk]))
        for pk, code, announced_at in launches.values_list("pk", "code", "announced_at")
    ]
    held = defaultdict(set)
    for pk, starts_at, hall in (
        TrainingSession.objects.filter(kind=EventKind.WEEKLY, starts_at__gte=start, starts_at__lte=end)
        .order_by()
        .values_list("pk", "starts_at", "halls__code")
    ):
        if hall:
            held[(pk, starts_at)].add(hall)
    sessions = [SessionInfo(EventKind.WEEKLY, at, frozenset(codes)) for (_pk, at), codes in held.items()]
    return ReportInputs(people, events, infos, sessions, thresholds, facts)


def report_build(
    *,
    as_of: datetime.datetime,
    staff: QuerySet[Staff] | None = None,
    with_halls: bool = True,
    evidence: bool = True,
) -> Report:
    """Evaluate the rules as of ``as_of`` for ``staff`` (default: everyone); see ``report_inputs``."""
    data = report_inputs(as_of=as_of, staff=staff, evidence=evidence)
    return report_evaluate(
        people=data.people,
        events=data.events,
        facts=data.facts,
        launches=data.launches,
        as_of=as_of,
        thresholds=data.thresholds,
        sessions=data.sessions,
        with_halls=with_halls,
    )


def quiz_assignments_passed(assignments: list[QuizAssignment]) -> set[int]:
    """Return the ids of the assignments passed by their due time, in one query."""
    if not assignments:
        return set()
    rows = Attempt.objects.filter(
        quiz_id__in={a.quiz_id for a in assignments},
        staff_id__in={a.staff_id for a in assignments},
        state=AttemptState.FINISHED,
        score__gte=F("quiz__pass_mark"),
    ).values_list("quiz_id", "staff_id", "finished_at")
    first = {}
    for quiz_id, staff_id, finished in rows:
        if finished is not None and ((quiz_id, staff_id) not in first or finished < first[(quiz_id, staff_id)]):
            first[(quiz_id, staff_id)] = finished
    return {a.pk for a in assignments if (f := first.get((a.quiz_id, a.staff_id))) is not None and f <= a.due_at}


def open_quiz_assignments(*, staff: Staff, at: datetime.datetime) -> list[WorkRow]:
    """Return a person's quiz assignments still to pass (not passed, due after ``at``), soonest first, in
    one query: a failed one with attempts left stays, with what the person can do (``exams.work``)."""
    return assignment_rows(staff=staff, now=at, open_only=True)
