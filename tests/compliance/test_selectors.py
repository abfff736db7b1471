"""Loading a report takes a fixed number of queries and gives the same verdicts as the pure core."""

import datetime

import pytest

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
