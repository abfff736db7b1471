"""The overdue finder task and the demo seed hook."""

import datetime
import io

from django.utils import timezone

from exams.attempts import attempt_start
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
