"""The overdue finder task and the demo seed hook."""

import datetime
import io

from django.utils import timezone

from exams.attempts import attempt_grade_handed_in, attempt_hand_in, attempt_save_answer, attempt_start
from exams.demo import DEMO_POLL, seed_exams
from exams.models import Attempt, Poll
from exams.tasks import attempts_finish_overdue
from tests.conftest import make_staff

from .utils import load_fixture_bank, make_quiz


def test_finder_task_finishes_only_overdue_attempts(db):
    bank = load_fixture_bank()
    quiz = make_quiz([bank["t-003"]], time_limit_minutes=5)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    overdue = attempt_start(staff=make_staff(), quiz=quiz, now=long_ago)
    running = attempt_start(staff=make_staff(), quiz=quiz)
    assert attempts_finish_overdue.delay().get() == 1
    overdue.refresh_from_db()
    running.refresh_from_db()
    assert overdue.state == "finished" and overdue.finished_at == long_ago + datetime.timedelta(minutes=5)
    assert running.state == "open"
    assert Attempt.objects.filter(state="open").count() == 1


def test_finder_grades_hand_ins_whose_grading_task_was_lost(db):
    """A hand-in made while the broker was down is graded by the finder once it is 30 s old."""
    bank = load_fixture_bank()
    quiz = make_quiz([bank["t-003"]])
    staff = make_staff()
    lost, fresh = (attempt_start(staff=make_staff(), quiz=quiz), attempt_start(staff=staff, quiz=quiz))
    attempt_save_answer(attempt_id=lost.pk, staff=lost.staff, question_id=bank["t-003"].pk, raw=True)
    minute_ago = timezone.now() - datetime.timedelta(minutes=1)
    assert attempt_hand_in(attempt_id=lost.pk, staff=lost.staff, now=minute_ago)
    assert attempt_hand_in(attempt_id=fresh.pk, staff=staff)
    assert not attempt_hand_in(attempt_id=fresh.pk, staff=staff)
    assert attempts_finish_overdue.delay().get() == 1
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.state == "finished" and lost.finished_at == minute_ago and float(lost.score) == 100.0
    assert fresh.state == "handed_in"
    assert attempt_grade_handed_in(attempt_id=fresh.pk).state == "finished"


def test_demo_seed_is_idempotent(db):
    out = io.StringIO()
    seed_exams(stdout=out)
    seed_exams(stdout=out)
    assert Poll.objects.filter(question=DEMO_POLL).count() == 1
    assert Poll.objects.get(question=DEMO_POLL).choices.count() == 3
    assert "考试" in out.getvalue()


def test_the_overdue_finder_is_scheduled_every_minute(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="exams.tasks.attempts_finish_overdue")
    assert task.enabled and task.crontab is None
    assert (task.interval.every, task.interval.period) == (1, "minutes")
    assert task.task in attempts_finish_overdue.app.tasks
