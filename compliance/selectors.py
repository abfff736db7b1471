"""Reads for the rules: load people (with leave and history), events, launches and sessions in a fixed
number of queries, for one report year.

The count of SQL queries does not grow with the number of people: each kind of row is read with one
``values_list`` and turned into the pure core's tuples (``compliance.rules``) without model instances.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, IntegerField, QuerySet, Value

from evidence.models import EventKind, Launch, TrainingEvent
from people.models import Leave, Staff, StaffChange
from trainings.models import TrainingSession

from . import periods
from .models import ComplianceSettings
from .rules import (
    Event,
    Facts,
    LaunchInfo,
    Person,
    PersonFacts,
    SessionInfo,
    Thresholds,
    gc_paused,
    report_evaluate,
)
from .verdicts import Report


@dataclass
class ReportInputs:
    people: list[Person]
    events: list[Event] | None
    launches: list[LaunchInfo]
    sessions: list[SessionInfo]
    thresholds: Thresholds
    facts: dict[str, PersonFacts] | None = None
    year: int | None = None


def compliance_thresholds() -> Thresholds:
    """Return the HR-edited thresholds (设置 → 培训合规)."""
    return ComplianceSettings.load().thresholds()


def report_year(*, as_of: datetime.datetime, year: int | None = None) -> int:
    """Return the report's year: ``year``, by default the as-of's; a year after the as-of's is a ValueError."""
    own = periods.local_day(as_of).year
    if year is None:
        return own
    if year > own:
        raise ValueError(f"year {year} lies after the as-of time {as_of.isoformat()}")
    return year


def year_window(
    as_of: datetime.datetime, *, year: int | None = None, thresholds: Thresholds | None = None
) -> tuple[datetime.datetime, datetime.datetime]:
    """Return the instants between which the events of a report for ``year`` (default: the as-of's) lie:
    the year's first instant, and the end of the windows that began in the year (``periods.year_close``:
    the last week's Sunday, 31 December's launch deadline and onboarding deadline) or the as-of if earlier."""
    year = report_year(as_of=as_of, year=year)
    t = thresholds or Thresholds()
    close = periods.year_close(year, onboarding_days=t.onboarding_days, new_service_hours=t.new_service_hours)
    return periods.day_start(datetime.date(year, 1, 1)), min(as_of, close)


# One row per person: the rules' facts, reduced where the events live. Must agree with
# ``rules._collect`` (pinned by tests/compliance/test_selectors.py on PostgreSQL). Weeks are counted
# in seconds from the local midnight of the year's first Monday (valid while the zone's offset is
# fixed, checked by the caller) and, like backbone months, returned as bit masks. Events in January
# count only for the windows that began in the year (the last week, launches, starts in post); the
# annual plan and backbone months count events of the calendar year only.
# Two aggregates joined: the masks over every event (plain aggregates, so PostgreSQL runs them in
# parallel), and over the few events of other kinds the counts of distinct instants per kind, launches
# and onboarding instants (sorted per person, not parallel).
FACTS_SQL = """
SELECT m.staff_id, m.weeks, m.weekly, m.months, a.plan, a.central, a.launches, a.onboarding
FROM (
  SELECT e.staff_id,
         bit_or(1::bigint << x.week) FILTER (WHERE x.week >= 0 AND x.week < %(weeks)s) AS weeks,
         bit_or(1::bigint << x.week) FILTER (WHERE x.week >= 0 AND x.week < %(weeks)s AND e.kind = 'weekly') AS weekly,
         bit_or(1 << date_part('month', e.occurred_at AT TIME ZONE %(tz)s)::int)
           FILTER (WHERE e.kind = 'backbone' AND e.occurred_at < %(year_end)s) AS months
  FROM compliance_trainingevent e
  CROSS JOIN LATERAL (
    SELECT floor((date_part('epoch', e.occurred_at) - %(monday)s) / 604800)::int AS week
  ) x
  WHERE e.occurred_at >= %(start)s AND e.occurred_at <= %(end)s {scope}
  GROUP BY e.staff_id
) m
LEFT JOIN (
  SELECT e.staff_id,
         count(DISTINCT e.occurred_at) FILTER (WHERE e.kind = 'plan' AND e.occurred_at < %(year_end)s) AS plan,
         count(DISTINCT e.occurred_at) FILTER (WHERE e.kind = 'centralized' AND e.occurred_at < %(year_end)s) AS central,
         array_agg(l.code) FILTER (
           WHERE e.kind = 'new_service' AND l.announced_at >= %(start)s AND l.announced_at < %(year_end)s
             AND l.announced_at <= %(as_of)s
             AND e.occurred_at >= l.announced_at AND e.occurred_at <= l.announced_at + %(window)s) AS launches,
         array_agg(e.occurred_at ORDER BY e.occurred_at) FILTER (WHERE e.kind = 'onboarding') AS onboarding
  FROM compliance_trainingevent e
  LEFT JOIN compliance_launch l ON l.id = e.launch_id
  WHERE e.kind IN ('plan', 'centralized', 'new_service', 'onboarding')
    AND e.occurred_at >= %(start)s AND e.occurred_at <= %(end)s {scope}
  GROUP BY e.staff_id
) a ON a.staff_id = m.staff_id
"""
FACTS_SETTINGS = "SET LOCAL jit = off; SET LOCAL work_mem = '64MB'"
"""For the one big aggregate: compiling it costs more than it saves, and its hash tables fit in 64 MB."""


_BYTE_BITS = [[tuple(8 * k + i for i in range(8) if byte >> i & 1) for byte in range(256)] for k in range(8)]


def _bits(mask: int | None) -> list[int]:
    """Return the positions of the set bits of ``mask`` (below 64), lowest first, a byte at a time."""
    out: list[int] = []
    if mask:
        for k, byte in enumerate(mask.to_bytes(8, "little")):
            if byte:
                out.extend(_BYTE_BITS[k][byte])
    return out


def _scope_sql(staff: QuerySet[Staff]) -> tuple[str, dict]:
    sql, scope_params = staff.order_by().values("pk").query.sql_with_params()
    pieces = sql.split("%s")  # Django's positional placeholders, renamed to join the named ones
    scope = (
        "AND e.staff_id IN ("
        + "".join(piece + (f"%(scope{i})s" if i < len(pieces) - 1 else "") for i, piece in enumerate(pieces))
        + ")"
    )
    return scope, {f"scope{i}": v for i, v in enumerate(scope_params)}


def facts_load(
    *,
    as_of: datetime.datetime,
    thresholds: Thresholds,
    year: int | None = None,
    staff: QuerySet[Staff] | None = None,
    numbers: dict[int, str] | None = None,
) -> dict[str, PersonFacts]:
    """Reduce the events of a report for ``year`` (default: the as-of's) to ``PersonFacts`` in
    PostgreSQL: one query, one row per person.

    For big reports: 600,000 events become 10,000 rows. The instants are not kept (evidence is None).
    """
    year = report_year(as_of=as_of, year=year)
    start, end = year_window(as_of, year=year, thresholds=thresholds)
    mondays = periods.week_mondays_of_year(year)
    params = {
        "start": start,
        "end": end,
        "as_of": as_of,
        "year_end": periods.day_start(datetime.date(year + 1, 1, 1)),
        "weeks": len(mondays),
        "tz": str(periods.TZ),
        "monday": periods.day_start(mondays[0]).timestamp(),
        "window": datetime.timedelta(hours=thresholds.new_service_hours),
    }
    scope = ""
    if staff is not None:
        scope, scope_params = _scope_sql(staff)
        params |= scope_params
    facts = {}
    if numbers is None:
        numbers = dict((staff if staff is not None else Staff.objects).order_by().values_list("pk", "staff_no"))
    with transaction.atomic(savepoint=False), connection.cursor() as cursor, gc_paused():
        cursor.execute(FACTS_SETTINGS)
        cursor.execute(FACTS_SQL.format(scope=scope), params)
        for pk, weeks, weekly, months, plan, central, launches, onboarding in cursor.fetchall():
            facts[numbers[pk]] = PersonFacts(
                weeks=dict.fromkeys(_bits(weeks)),
                weekly_kind_weeks=set(_bits(weekly)),
                backbone_months=dict.fromkeys(f"{year}-{m:02d}" for m in _bits(months)),
                annual_count=(plan or 0) + (central or 0),
                centralized_count=central or 0,
                launches_done=dict.fromkeys(launches or ()),
                onboarding=onboarding or [],
            )
    return facts


def _people_load(*, people_qs: QuerySet[Staff], staff: QuerySet[Staff] | None, year: int, last_day: datetime.date):
    """Return the people with their leave periods and facts history, and their staff numbers by id, in
    two queries: the staff rows, then one UNION of leave rows (those touching the year's windows) and
    history rows (those in force by ``last_day``)."""
    rows = people_qs.order_by().values_list(
        "pk", "staff_no", "hall__code", "is_backbone", "hired_on", "left_on", "post"
    )
    leave_qs = Leave.objects.filter(end__gte=datetime.date(year, 1, 1), start__lte=last_day)
    change_qs = StaffChange.objects.filter(effective_on__lte=last_day)
    if staff is not None:
        scope = staff.order_by().values("pk")
        leave_qs, change_qs = leave_qs.filter(staff__in=scope), change_qs.filter(staff__in=scope)
    marker = IntegerField()
    both = (
        leave_qs.order_by()
        .values_list("staff_id", Value(0, marker), "start", "end", "kind", "kind", Value(False, BooleanField()))
        .union(
            change_qs.order_by().values_list(
                "staff_id", Value(1, marker), "effective_on", "effective_on", "hall__code", "post", "is_backbone"
            ),
            all=True,
        )
    )
    leaves, changes = defaultdict(list), defaultdict(list)
    for pk, which, first, last, hall, post, backbone in both:
        if which == 0:
            leaves[pk].append((first, last))
        else:
            changes[pk].append(Facts(first, hall, post, backbone))
    people, numbers = [], {}
    with gc_paused():
        for pk, no, hall, backbone, hired, left, post in rows:
            history = changes.get(pk, ())
            if len(history) == 1 and history[0][1:] == (hall, post, backbone):
                history = ()  # the common case: today's facts from the hire date
            people.append(
                Person(no, hall, backbone, hired, left, post, tuple(sorted(leaves.get(pk, ()))), tuple(sorted(history)))
            )
            numbers[pk] = no
    return people, numbers


def report_inputs(
    *,
    as_of: datetime.datetime,
    year: int | None = None,
    staff: QuerySet[Staff] | None = None,
    evidence: bool = True,
) -> ReportInputs:
    """Load everything a report for ``year`` (default: the as-of's) as of ``as_of`` needs, for ``staff``
    (default: everyone), in six queries: people, their leave and history, events, launches with their
    halls, sessions, thresholds.

    With ``evidence=False`` on PostgreSQL the events are reduced in the database (``facts_load``):
    same verdicts, without the instants of the evidence, fast enough for 50,000 people.
    """
    year = report_year(as_of=as_of, year=year)
    thresholds = compliance_thresholds()
    start, end = year_window(as_of, year=year, thresholds=thresholds)
    people_qs = staff if staff is not None else Staff.objects.all()
    people, numbers = _people_load(
        people_qs=people_qs, staff=staff, year=year, last_day=periods.local_day(end) + datetime.timedelta(days=7)
    )
    events, facts = None, None
    fixed = periods.offset_is_fixed(year) and periods.offset_is_fixed(year + 1)
    if not evidence and connection.vendor == "postgresql" and fixed:
        facts = facts_load(as_of=as_of, year=year, thresholds=thresholds, staff=staff, numbers=numbers)
    else:
        events_qs = TrainingEvent.objects.filter(occurred_at__gte=start, occurred_at__lte=end).order_by()
        if staff is not None:
            events_qs = events_qs.filter(staff__in=staff.order_by().values("pk"))
        events = list(events_qs.values_list("staff__staff_no", "kind", "occurred_at", "launch__code"))
    year_end = periods.day_start(datetime.date(year + 1, 1, 1))
    launches: dict[str, tuple] = {}
    for code, announced_at, hall in (
        Launch.objects.filter(announced_at__gte=start, announced_at__lt=year_end, announced_at__lte=as_of)
        .order_by()
        .values_list("code", "announced_at", "halls__code")
    ):
        launches.setdefault(code, (announced_at, set()))[1].update([hall] if hall else [])
    infos = [LaunchInfo(code, at, frozenset(halls)) for code, (at, halls) in launches.items()]
    held = defaultdict(set)
    for pk, starts_at, hall in (
        TrainingSession.objects.filter(kind=EventKind.WEEKLY, starts_at__gte=start, starts_at__lte=end)
        .order_by()
        .values_list("pk", "starts_at", "halls__code")
    ):
        if hall:
            held[(pk, starts_at)].add(hall)
    sessions = [SessionInfo(EventKind.WEEKLY, at, frozenset(codes)) for (_pk, at), codes in held.items()]
    return ReportInputs(people, events, infos, sessions, thresholds, facts, year)


def report_build(
    *,
    as_of: datetime.datetime,
    year: int | None = None,
    staff: QuerySet[Staff] | None = None,
    with_halls: bool = True,
    evidence: bool = True,
) -> Report:
    """Evaluate the rules for ``year`` (default: the as-of's) as of ``as_of`` for ``staff`` (default:
    everyone); see ``report_inputs``."""
    data = report_inputs(as_of=as_of, year=year, staff=staff, evidence=evidence)
    return report_evaluate(
        people=data.people,
        events=data.events,
        facts=data.facts,
        launches=data.launches,
        as_of=as_of,
        year=data.year,
        thresholds=data.thresholds,
        sessions=data.sessions,
        with_halls=with_halls,
    )
