"""The demo year: plausible data for the dashboards, and running the seed twice changes nothing."""

import datetime

import pytest

from compliance import periods
from compliance.demo import seed_compliance_demo
from compliance.selectors import report_build
from evidence.models import Launch, TrainingEvent
from notices.models import Notification
from people.demo import seed_people
from trainings.models import TrainingSession


@pytest.mark.django_db
def test_demo_year_is_plausible_and_idempotent():
    now = datetime.datetime(2026, 7, 15, 10, tzinfo=periods.TZ)
    seed_people(today=now.date())
    seed_compliance_demo(now=now)
    counts = (
        TrainingSession.objects.count(),
        TrainingEvent.objects.count(),
        Launch.objects.count(),
        Notification.objects.count(),
    )
    seed_compliance_demo(now=now)
    assert (
        TrainingSession.objects.count(),
        TrainingEvent.objects.count(),
        Launch.objects.count(),
        Notification.objects.count(),
    ) == counts
    report = report_build(as_of=now)
    statuses = {p.weekly.status for p in report.staff}
    assert statuses == {"ok", "missed"}
    assert any(p.new_service.pending for p in report.staff)
    assert any(p.annual.count >= 6 for p in report.staff)
    assert any(h.held for h in report.halls)


@pytest.mark.django_db
def test_demo_people_have_this_weeks_quiz_as_the_monday_tick_would_have_assigned_it():
    from exams.models import AssignmentKind, Quiz, QuizAssignment

    for key in periods.QUIZ_MODULES:
        Quiz.objects.create(title=key, source_key=f"module:{key}")
    now = datetime.datetime(2026, 12, 6, 10, tzinfo=periods.TZ)  # a Sunday
    seed_people(today=now.date())
    seed_compliance_demo(now=now)
    seed_compliance_demo(now=now)
    weekly = QuizAssignment.objects.filter(kind=AssignmentKind.WEEKLY)
    assert set(weekly.values_list("period_key", flat=True)) == {"weekly:2026-W49"}
    assert weekly.filter(staff__staff_no="QC01004").count() == 1  # demo_staff
    assert not weekly.filter(staff__staff_no="QC01007").exists()  # on maternity leave
    backbone = QuizAssignment.objects.filter(kind=AssignmentKind.BACKBONE)
    assert set(backbone.values_list("period_key", flat=True)) == {"backbone:2026-12"}
