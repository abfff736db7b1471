"""Loading a report takes a fixed number of queries and gives the same verdicts as the pure core."""

import datetime

import pytest
from django.db import connection

from compliance import periods
from compliance.models import ComplianceSettings, EventKind, EventSource, Launch, TrainingSession
from compliance.selectors import report_build, report_inputs
from compliance.services import training_event_record
from people.models import Staff
from tests.conftest import make_hall, make_staff


def local(*args):
    return datetime.datetime(*args, tzinfo=periods.TZ)


def populate(n_people: int):
    halls = [make_hall(), make_hall()]
    launch = Launch.objects.create(code="L1", name="新套餐", announced_at=local(2026, 3, 6, 10))
    launch.halls.add(halls[0])
    for i in range(n_people):
        s = make_staff(halls[i % 2], user=None, is_backbone=i % 3 == 0)
        for w in range(3):
            training_event_record(
                staff_id=s.pk,
                kind=EventKind.WEEKLY,
                occurred_at=local(2026, 1, 6 + 7 * w, 10),
                source=EventSource.IMPORT,
                source_ref=f"w{w}",
            )
        training_event_record(
            staff_id=s.pk,
            kind=EventKind.NEW_SERVICE,
            occurred_at=local(2026, 3, 7, 10),
            source=EventSource.IMPORT,
            source_ref="ns",
            launch=launch,
        )
    session = TrainingSession.objects.create(
        kind=EventKind.WEEKLY, topic="周例会", starts_at=local(2026, 1, 6, 10), ends_at=local(2026, 1, 6, 11)
    )
    session.halls.set(halls)


@pytest.mark.parametrize("n_people", [10, 60])
def test_report_queries_do_not_grow_with_people(db, django_assert_max_num_queries, n_people):
    populate(n_people)
    ComplianceSettings.load()
    with django_assert_max_num_queries(6):
        report = report_build(as_of=local(2026, 3, 20))
    assert len(report.staff) == n_people


def test_report_from_the_database_matches_the_rules(db):
    populate(4)
    report = report_build(as_of=local(2026, 3, 20))
    first = report.staff[0]
    assert first.weekly.done.keys() >= {"2026-W02", "2026-W03", "2026-W04"}
    assert first.weekly.missed[0] == "2026-W05"
    launched = [p for p in report.staff if p.new_service.done]
    assert len(launched) == 2 and all(p.new_service.status == "ok" for p in report.staff)
    assert all(h.held for h in report.halls if h.week == "2026-W02")


def test_events_after_as_of_and_previous_years_are_not_loaded(db):
    s = make_staff(user=None)
    for ref, at in [("old", local(2025, 12, 31, 23)), ("in", local(2026, 1, 1, 0)), ("late", local(2026, 2, 1))]:
        training_event_record(staff_id=s.pk, kind="plan", occurred_at=at, source="import", source_ref=ref)
    data = report_inputs(as_of=local(2026, 1, 31))
    assert [e[2] for e in data.events] == [local(2026, 1, 1, 0)]


def test_scoped_report_covers_only_the_given_staff(db):
    populate(4)
    one = Staff.objects.order_by("staff_no")[:1]
    report = report_build(as_of=local(2026, 3, 20), staff=Staff.objects.filter(pk__in=one.values("pk")))
    assert [p.staff_no for p in report.staff] == [one[0].staff_no]


def test_thresholds_come_from_the_hr_settings(db):
    settings = ComplianceSettings.load()
    settings.annual_required = 6
    settings.save()
    make_staff(user=None)
    report = report_build(as_of=local(2026, 3, 20))
    assert report.staff[0].annual.required == 6


def tricky_events(staff, launch):
    """Events on every edge the SQL reduction must get right, as (kind, instant, launch, source_ref)."""
    utc = datetime.UTC
    return [
        ("weekly", datetime.datetime(2026, 1, 11, 15, 30, tzinfo=utc), None, "sun2330"),
        ("weekly", datetime.datetime(2026, 1, 11, 16, 10, tzinfo=utc), None, "mon0010"),
        ("other", local(2026, 1, 4, 23, 59), None, "before-first-monday"),
        ("plan", local(2026, 2, 3, 10), None, "plan-a"),
        ("plan", local(2026, 2, 3, 10), None, "plan-a-again"),
        ("centralized", local(2026, 2, 3, 10), None, "central-same-instant"),
        ("backbone", datetime.datetime(2026, 2, 28, 15, 30, tzinfo=utc), None, "feb-end"),
        ("backbone", datetime.datetime(2026, 2, 28, 16, 10, tzinfo=utc), None, "mar-start"),
        ("new_service", launch.announced_at + datetime.timedelta(hours=48), launch, "ns-deadline"),
        ("new_service", launch.announced_at - datetime.timedelta(seconds=1), launch, "ns-early"),
        ("onboarding", local(2026, 3, 1, 9), None, "onb"),
        ("plan", local(2025, 12, 31, 23, 59), None, "last-year"),
        ("weekly", local(2026, 3, 20, 0, 0, 1), None, "after-as-of"),
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the reduction in SQL runs on PostgreSQL")
def test_database_reduction_gives_the_same_verdicts_as_the_pure_core(db):
    hall = make_hall()
    launch = Launch.objects.create(code="EDGE", name="边界", announced_at=local(2026, 3, 6, 10))
    late = Launch.objects.create(code="LATE", name="迟到", announced_at=local(2026, 3, 2, 10))
    people = [
        make_staff(hall, user=None, is_backbone=True),
        make_staff(hall, user=None, hired_on=datetime.date(2026, 2, 25)),
        make_staff(hall, user=None, left_on=datetime.date(2026, 2, 27)),
    ]
    for s in people:
        for kind, at, which, ref in tricky_events(s, launch):
            training_event_record(
                staff_id=s.pk, kind=kind, occurred_at=at, source="import", source_ref=ref, launch=which
            )
        training_event_record(
            staff_id=s.pk,
            kind="new_service",
            occurred_at=late.announced_at + datetime.timedelta(hours=48, seconds=1),
            source="quiz",
            source_ref="late",
            launch=late,
        )
    as_of = local(2026, 3, 20)
    fast = report_build(as_of=as_of, evidence=False)
    full = report_build(as_of=as_of, evidence=True)
    assert fast.to_dict() == full.to_dict()
    assert [(h.week, h.held, h.attended) for h in fast.halls] == [(h.week, h.held, h.attended) for h in full.halls]
    first = full.staff[0].to_dict()["rules"]
    assert first["annual"]["count"] == 2 and first["backbone"]["missed"] == ["2026-01"]
    assert first["new_service"] == {"status": "missed", "missed": ["LATE"], "pending": []}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the reduction in SQL runs on PostgreSQL")
def test_database_reduction_takes_a_fixed_number_of_queries(db, django_assert_max_num_queries):
    populate(30)
    ComplianceSettings.load()
    with django_assert_max_num_queries(7):
        report_build(as_of=local(2026, 3, 20), evidence=False, staff=Staff.objects.filter(hall__isnull=False))
