"""Loading a report takes a fixed number of queries and gives the same verdicts as the pure core."""

import datetime

import pytest
from django.db import connection

from compliance import periods
from compliance.models import ComplianceSettings
from compliance.selectors import report_build, report_inputs
from evidence.models import EventKind, EventSource, Launch
from evidence.services import training_event_record
from people.models import Leave, LeaveKind, Staff, StaffChange
from tests.conftest import make_hall, make_staff
from trainings.models import TrainingSession


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


def history_and_leave(staff: Staff, *, backbone_from: datetime.date, leave: tuple[datetime.date, datetime.date]):
    """Give ``staff`` a history (first facts at hire, backbone from ``backbone_from``) and one leave."""
    StaffChange.objects.create(staff=staff, effective_on=staff.hired_on, hall=staff.hall, post=staff.post)
    StaffChange.objects.create(
        staff=staff, effective_on=backbone_from, hall=staff.hall, post=staff.post, is_backbone=True
    )
    Leave.objects.create(staff=staff, kind=LeaveKind.SICK, start=leave[0], end=leave[1])


@pytest.mark.parametrize("n_people", [10, 60])
def test_report_with_leave_and_history_queries_do_not_grow_with_people(db, django_assert_max_num_queries, n_people):
    populate(n_people)
    for s in Staff.objects.all()[::2]:
        history_and_leave(
            s, backbone_from=datetime.date(2026, 2, 15), leave=(datetime.date(2026, 1, 19), datetime.date(2026, 1, 20))
        )
    ComplianceSettings.load()
    with django_assert_max_num_queries(6):
        report = report_build(as_of=local(2026, 3, 20))
    assert len(report.staff) == n_people
    with_leave = [p for p in report.staff if p.person.leaves]
    assert len(with_leave) == n_people // 2
    assert all("2026-W04" not in p.weekly.missed and p.backbone.missed == [] for p in with_leave)


def test_leave_and_history_are_loaded_for_the_people_in_scope(db):
    hall, other = make_hall(), make_hall()
    s = make_staff(hall, user=None, hired_on=datetime.date(2024, 3, 1))
    StaffChange.objects.create(staff=s, effective_on=datetime.date(2024, 3, 1), hall=other, post="greeter")
    StaffChange.objects.create(staff=s, effective_on=datetime.date(2026, 7, 15), hall=hall, post="counter")
    StaffChange.objects.create(staff=s, effective_on=datetime.date(2027, 5, 1), hall=hall, post="auditor")
    Leave.objects.create(
        staff=s, kind=LeaveKind.MATERNITY, start=datetime.date(2026, 3, 2), end=datetime.date(2026, 6, 7)
    )
    Leave.objects.create(staff=s, kind=LeaveKind.SICK, start=datetime.date(2025, 3, 2), end=datetime.date(2025, 3, 3))
    plain = make_staff(hall, user=None)
    StaffChange.objects.create(staff=plain, effective_on=plain.hired_on, hall=hall, post=plain.post)
    make_staff(other, user=None)
    data = report_inputs(as_of=local(2026, 12, 1), staff=Staff.objects.filter(hall=hall))
    person, second = data.people
    assert person.leaves == ((datetime.date(2026, 3, 2), datetime.date(2026, 6, 7)),)
    assert [(f.effective_on, f.hall_code, f.post) for f in person.history] == [
        (datetime.date(2024, 3, 1), other.code, "greeter"),
        (datetime.date(2026, 7, 15), hall.code, "counter"),
    ]
    assert second.history == () and second.leaves == ()  # one row equal to today's facts: the fast path


def test_events_of_the_january_tail_are_loaded_for_the_previous_years_report(db):
    s = make_staff(user=None)
    days = [(2025, 12, 31), (2026, 12, 31), (2027, 1, 3), (2027, 1, 7), (2027, 1, 9)]
    for y, m, d in days:
        training_event_record(
            staff_id=s.pk, kind="other", occurred_at=local(y, m, d, 12), source="import", source_ref=f"{m}{d}"
        )
    loaded = report_inputs(as_of=local(2027, 2, 1), year=2026).events
    assert [periods.local_day(e[2]) for e in loaded] == [
        datetime.date(2026, 12, 31),
        datetime.date(2027, 1, 3),
        datetime.date(2027, 1, 7),
    ]
    early = report_inputs(as_of=local(2027, 1, 5), year=2026).events
    assert [periods.local_day(e[2]) for e in early] == [datetime.date(2026, 12, 31), datetime.date(2027, 1, 3)]
    with pytest.raises(ValueError):
        report_inputs(as_of=local(2026, 12, 31), year=2027)


def record(s, kind, at, ref, launch=None):
    training_event_record(staff_id=s.pk, kind=kind, occurred_at=at, source="import", source_ref=ref, launch=launch)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the reduction in SQL runs on PostgreSQL")
def test_database_reduction_agrees_across_the_turn_of_the_year_with_leave_and_history(db):
    h1, h2 = make_hall(), make_hall()
    nye = Launch.objects.create(code="NYE", name="跨年", announced_at=local(2026, 12, 31, 10))
    nye.halls.add(h2)
    plain = make_staff(h1, user=None)
    late_hire = make_staff(h1, user=None, hired_on=datetime.date(2026, 12, 29))
    mover = make_staff(h2, user=None, is_backbone=True, post="complaint")
    StaffChange.objects.create(staff=mover, effective_on=mover.hired_on, hall=h1, post="counter")
    StaffChange.objects.create(
        staff=mover, effective_on=datetime.date(2026, 7, 15), hall=h1, post="counter", is_backbone=True
    )
    StaffChange.objects.create(
        staff=mover, effective_on=datetime.date(2026, 12, 28), hall=h2, post="complaint", is_backbone=True
    )
    on_leave = make_staff(h2, user=None)
    Leave.objects.create(
        staff=on_leave, kind=LeaveKind.MATERNITY, start=datetime.date(2026, 9, 28), end=datetime.date(2027, 1, 3)
    )
    for s in (plain, late_hire, mover, on_leave):
        record(s, "weekly", local(2026, 12, 21, 10), "w52")
        record(s, "weekly", local(2027, 1, 2, 10), "w53-in-january")
        record(s, "weekly", local(2027, 1, 4, 0, 0, 1), "next-years-first-week")
        record(s, "plan", local(2026, 12, 31, 23, 59), "plan-dec")
        record(s, "plan", local(2027, 1, 1, 0, 0), "plan-jan")
        record(s, "centralized", local(2027, 1, 1, 9), "central-jan")
        record(s, "backbone", local(2026, 11, 30, 23, 59), "bb-nov")
        record(s, "backbone", local(2027, 1, 1, 0, 0), "bb-jan")
        record(s, "onboarding", local(2026, 12, 20), "onb-before")
        record(s, "onboarding", local(2027, 1, 4, 9), "onb-jan")
        record(s, "new_service", local(2027, 1, 2, 10), "nye-deadline", nye)
        record(s, "new_service", local(2027, 1, 2, 10, 0, 1), "nye-late", nye)
    record(plain, "new_service", local(2027, 1, 1, 10), "nye-in-time", nye)
    session = TrainingSession.objects.create(
        kind=EventKind.WEEKLY, topic="周会", starts_at=local(2027, 1, 2, 9), ends_at=local(2027, 1, 2, 10)
    )
    session.halls.set([h1])
    for as_of, year in [
        (local(2026, 12, 31, 20), 2026),
        (local(2027, 1, 2, 12), 2026),
        (local(2027, 1, 10), 2026),
        (local(2027, 1, 10), 2027),
        (local(2027, 6, 1), 2026),
    ]:
        fast = report_build(as_of=as_of, year=year, evidence=False)
        full = report_build(as_of=as_of, year=year, evidence=True)
        assert fast.to_dict() == full.to_dict(), (as_of, year)
        assert [(h.hall_code, h.week, h.held, h.required, h.attended) for h in fast.halls] == [
            (h.hall_code, h.week, h.held, h.required, h.attended) for h in full.halls
        ]
    rules = {p.staff_no: p.to_dict()["rules"] for p in full.staff}
    assert rules[mover.staff_no]["onboarding"] == {"status": "ok"}  # post change 28 December, trained 4 January
    assert rules[mover.staff_no]["backbone"]["missed"] == ["2026-08", "2026-09", "2026-10", "2026-12"]
    assert rules[mover.staff_no]["new_service"]["status"] == "ok"  # in H2 on 31 December; 48 h exactly
    assert rules[plain.staff_no]["new_service"]["status"] == "ok"  # H1: not in scope
    assert rules[plain.staff_no]["annual"] == {
        "status": "missed",
        "year": 2026,
        "count": 1,
        "required": 12,
        "centralized": 0,
        "centralized_required": 4,
    }
    assert rules[on_leave.staff_no]["weekly"]["missed"][-1] == "2026-W39"
    assert rules[late_hire.staff_no]["onboarding"] == {"status": "ok"}
