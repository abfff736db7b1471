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


def _hand_in_committed(attempt):
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert attempt_hand_in(attempt_id=attempt.pk, staff=attempt.staff)


def test_with_a_shared_cache_a_group_of_hand_ins_queues_one_sweep_that_grades_them_all(db, settings):
    """While a sweep is queued (its key set), hand-ins queue nothing more; the sweep grades them all,
    oldest first, and clears the key, so the next hand-in queues a sweep again (run at once here)."""
    from django.core.cache import cache

    from exams.attempts import GRADING_QUEUED_KEY
    from exams.tasks import attempts_grade_handed_in

    settings.SHARED_CACHE = True
    bank = load_fixture_bank()
    quiz = make_quiz([bank["t-003"]])
    first, second, third = (attempt_start(staff=make_staff(), quiz=quiz) for _ in range(3))
    cache.set(GRADING_QUEUED_KEY, 0)
    _hand_in_committed(first)
    _hand_in_committed(second)
    assert set(Attempt.objects.filter(pk__in=[first.pk, second.pk]).values_list("state", flat=True)) == {"handed_in"}
    assert attempts_grade_handed_in.delay().get() == 2
    assert set(Attempt.objects.filter(pk__in=[first.pk, second.pk]).values_list("state", flat=True)) == {"finished"}
    assert cache.get(GRADING_QUEUED_KEY) is None
    _hand_in_committed(third)
    third.refresh_from_db()
    assert third.state == "finished" and cache.get(GRADING_QUEUED_KEY) is None


def test_without_a_shared_cache_each_hand_in_queues_a_sweep(db, settings, monkeypatch):
    from django.core.cache import cache

    from exams.attempts import GRADING_QUEUED_KEY

    settings.SHARED_CACHE = False
    bank = load_fixture_bank()
    attempt = attempt_start(staff=make_staff(), quiz=make_quiz([bank["t-003"]]))
    cache.set(GRADING_QUEUED_KEY, 0)
    from exams import tasks

    queued = []
    monkeypatch.setattr(tasks.attempt_grade_task, "delay", queued.append)  # the finder's regrade only
    _hand_in_committed(attempt)
    attempt.refresh_from_db()
    assert attempt.state == "finished" and queued == []
    cache.delete(GRADING_QUEUED_KEY)


def test_the_sweep_goes_on_past_an_attempt_it_cannot_grade(db, monkeypatch):
    from exams import attempts

    bank = load_fixture_bank()
    quiz = make_quiz([bank["t-003"]])
    broken, fine = (attempt_start(staff=make_staff(), quiz=quiz) for _ in range(2))
    for attempt in (broken, fine):
        assert attempt_hand_in(attempt_id=attempt.pk, staff=attempt.staff)
    grade = attempts.attempt_grade_handed_in

    def failing_for_one(*, attempt_id):
        if attempt_id == broken.pk:
            raise RuntimeError("simulated failure")
        return grade(attempt_id=attempt_id)

    monkeypatch.setattr(attempts, "attempt_grade_handed_in", failing_for_one)
    assert attempts.grade_handed_in_sweep() == 1
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert broken.state == "handed_in" and fine.state == "finished"
