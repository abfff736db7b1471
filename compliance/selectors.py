"""Reads for the rules: load people, events, launches and sessions in a fixed number of queries.

The count of SQL queries does not grow with the number of people: each kind of row is read with one
``values_list`` and turned into the pure core's tuples (``compliance.rules``) without model instances.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from people.models import Staff

from . import periods
from .models import ComplianceSettings, EventKind, Launch, TrainingEvent, TrainingSession
from .rules import Event, LaunchInfo, Person, Report, SessionInfo, Thresholds, report_evaluate


@dataclass
class ReportInputs:
    people: list[Person]
    events: list[Event]
    launches: list[LaunchInfo]
    sessions: list[SessionInfo]
    thresholds: Thresholds


def compliance_thresholds() -> Thresholds:
    """Return the HR-edited thresholds (设置 → 培训合规)."""
    return ComplianceSettings.load().thresholds()


def year_window(as_of: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """Return the start of the as-of's calendar year (Shanghai) and the as-of itself."""
    year = periods.local_day(as_of).year
    return periods.day_start(datetime.date(year, 1, 1)), as_of


def _rows(qs: QuerySet) -> list[tuple]:
    """Fetch a values_list queryset's rows in one round trip, skipping Django's per-row machinery.

    Used only for plain columns (text, booleans, aware datetimes on PostgreSQL) that need no converter.
    """
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def report_inputs(*, as_of: datetime.datetime, staff: QuerySet[Staff] | None = None) -> ReportInputs:
    """Load everything a report as of ``as_of`` needs, for ``staff`` (default: everyone): five queries."""
    start, end = year_window(as_of)
    people_qs = staff if staff is not None else Staff.objects.all()
    people = [
        Person(*row)
        for row in people_qs.order_by().values_list("staff_no", "hall__code", "is_backbone", "hired_on", "left_on")
    ]
    events_qs = TrainingEvent.objects.filter(occurred_at__gte=start, occurred_at__lte=end).order_by()
    if staff is not None:
        events_qs = events_qs.filter(staff__in=staff.order_by().values("pk"))
    events_qs = events_qs.values_list("staff__staff_no", "kind", "occurred_at", "launch__code")
    if connection.vendor == "postgresql":
        events = _rows(events_qs)
    else:
        events = list(events_qs)
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
    return ReportInputs(people, events, infos, sessions, compliance_thresholds())


def report_build(*, as_of: datetime.datetime, staff: QuerySet[Staff] | None = None, with_halls: bool = True) -> Report:
    """Evaluate the rules as of ``as_of`` for ``staff`` (default: everyone)."""
    data = report_inputs(as_of=as_of, staff=staff)
    return report_evaluate(
        people=data.people,
        events=data.events,
        launches=data.launches,
        as_of=as_of,
        thresholds=data.thresholds,
        sessions=data.sessions,
        with_halls=with_halls,
    )
