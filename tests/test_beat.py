"""The beat stand-in fires the migrations' schedule as ``celery beat`` would, across a month end and a leap day."""

import datetime

import pytest

from compliance import periods
from exams.models import Quiz, QuizAssignment
from tests.beat import Beat, local
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def quizzes():
    return {key: Quiz.objects.create(title=key, source_key=f"module:{key}") for key in periods.QUIZ_MODULES}


def test_ticks_follow_the_crontabs_in_shanghai_time_through_a_leap_february(quizzes):
    backbone = make_staff(staff_no="BB", is_backbone=True)
    plain = make_staff(staff_no="PL")
    with Beat(local(2028, 2, 20)) as beat:
        fired = {}
        day = datetime.date(2028, 2, 20)
        while day <= datetime.date(2028, 3, 8):
            fired[day] = beat.tick(local(day.year, day.month, day.day, 8, 5))
            day += datetime.timedelta(days=1)
    weekly = "compliance.tasks.weekly_quizzes_tick"
    monthly = "compliance.tasks.backbone_quizzes_tick"
    assert [d for d, names in fired.items() if weekly in names] == [
        datetime.date(2028, 2, 21),
        datetime.date(2028, 2, 28),
        datetime.date(2028, 3, 6),
    ]
    assert [d for d, names in fired.items() if monthly in names] == [datetime.date(2028, 3, 1)]
    leap_week = QuizAssignment.objects.get(staff=plain, period_key="weekly:2028-W09")
    assert periods.local_day(leap_week.due_at) == datetime.date(2028, 3, 6)  # Sunday 5 March, 24:00
    february = QuizAssignment.objects.filter(staff=backbone, period_key__startswith="backbone:")
    assert list(february.values_list("period_key", flat=True)) == ["backbone:2028-03"]
    assert not QuizAssignment.objects.filter(staff=plain, period_key__startswith="backbone:").exists()


def test_a_pause_runs_a_missed_tick_once_as_beat_does_after_downtime(quizzes):
    make_staff(staff_no="X1")
    with Beat(local(2026, 11, 1)) as beat:
        beat.tick(local(2026, 11, 20, 9))  # two Mondays passed while "beat was down"
        assert beat.runs["compliance.tasks.weekly_quizzes_tick"] == 1
        beat.tick(local(2026, 11, 20, 10))
        assert beat.runs["compliance.tasks.weekly_quizzes_tick"] == 1
        with pytest.raises(ValueError):
            beat.move_to(local(2026, 11, 19))
