"""The overdue finisher on a real Celery worker (Redis, PostgreSQL), fired by the name beat schedules."""

import datetime
import time

import pytest
from celery.result import AsyncResult
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from evidence.models import EventSource, TrainingEvent
from exams.attempts import attempt_save_answer, attempt_start
from exams.models import Answer, Attempt
from lms.celery import app
from tests.conftest import make_staff

from .utils import load_fixture_bank, make_assignment, make_quiz

pytestmark = pytest.mark.integration
FINDER = "exams.tasks.attempts_finish_overdue"


def wait_for(predicate, timeout=60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def snapshot():
    return (
        sorted(Attempt.objects.values_list("pk", "state", "finished_at", "score", "needs_grading")),
        sorted(Answer.objects.values_list("pk", "response", "score")),
        sorted(TrainingEvent.objects.values_list("pk", "staff_id", "source_ref", "occurred_at", "score")),
    )


def test_worker_finishes_overdue_attempts_at_their_deadline_once(result_backend, celery_worker_process):
    bank = load_fixture_bank()
    quiz = make_quiz([bank["t-001"], bank["t-003"], bank["t-004"]], time_limit_minutes=10, pass_mark=60)
    started = timezone.now() - datetime.timedelta(hours=1)
    deadline = started + datetime.timedelta(minutes=10)
    passer, failer, runner = make_staff(), make_staff(), make_staff()
    assignment = make_assignment(passer, quiz)
    passing = attempt_start(staff=passer, quiz=quiz, assignment=assignment, now=started)
    failing = attempt_start(staff=failer, quiz=quiz, now=started)
    running = attempt_start(staff=runner, quiz=quiz)
    saved_at = started + datetime.timedelta(minutes=2)
    for qid, raw in ((bank["t-003"].pk, True), (bank["t-004"].pk, "２")):
        attempt_save_answer(attempt_id=passing.pk, staff=passer, question_id=qid, raw=raw, now=saved_at)
    attempt_save_answer(attempt_id=failing.pk, staff=failer, question_id=bank["t-003"].pk, raw=False, now=saved_at)

    def run(name, *args):
        return AsyncResult(app.send_task(name, args=args).id, backend=result_backend, app=app).get(timeout=60)

    periodic = PeriodicTask.objects.get(task=FINDER)
    assert periodic.enabled and (periodic.interval.every, periodic.interval.period) == (1, "minutes")
    assert run(periodic.task) == 2
    wait_for(lambda: not Attempt.objects.filter(pk__in=[passing.pk, failing.pk], state="open").exists())

    passing.refresh_from_db()
    failing.refresh_from_db()
    running.refresh_from_db()
    assert (passing.state, passing.finished_at, float(passing.score)) == ("finished", deadline, 66.67)
    assert (failing.state, failing.finished_at, float(failing.score)) == ("finished", deadline, 0.0)
    assert running.state == "open" and running.finished_at is None
    assert dict(Answer.objects.filter(attempt=passing).values_list("question_id", "score")) == {
        bank["t-003"].pk: 1.0,
        bank["t-004"].pk: 1.0,
    }
    assert list(Answer.objects.filter(attempt=failing).values_list("score", flat=True)) == [0.0]
    event = TrainingEvent.objects.get()
    assert (event.staff_id, event.source, event.source_ref) == (passer.pk, EventSource.QUIZ, assignment.source_ref)
    assert event.occurred_at == deadline and float(event.score) == 66.67

    before = snapshot()
    assert run(FINDER) == 0
    assert run("exams.tasks.attempt_finish_overdue_task", passing.pk) is None
    assert snapshot() == before


def test_worker_grades_a_hand_in_once_it_commits(celery_worker_process):
    """The submit button only hands the attempt in; the real worker grades it and records the pass."""
    from exams.attempts import attempt_hand_in

    bank = load_fixture_bank()
    quiz = make_quiz([bank["t-003"]], pass_mark=60)
    staff = make_staff()
    attempt = attempt_start(staff=staff, quiz=quiz, assignment=make_assignment(staff, quiz))
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=True)
    assert attempt_hand_in(attempt_id=attempt.pk, staff=staff)
    wait_for(lambda: Attempt.objects.filter(pk=attempt.pk, state="finished").exists())
    attempt.refresh_from_db()
    assert float(attempt.score) == 100.0
    event = TrainingEvent.objects.get(staff=staff, source=EventSource.QUIZ)
    assert event.occurred_at == attempt.finished_at


@pytest.fixture
def shared_redis_cache(monkeypatch, settings):
    """The test and the worker share a Redis cache, as production does (request before the worker)."""
    import os
    from urllib.parse import urlparse

    broker = urlparse(os.environ.get("CELERY_BROKER_URL", ""))
    if broker.scheme != "redis":
        pytest.skip("needs CELERY_BROKER_URL=redis://...")
    url = broker._replace(path="/12").geturl()
    monkeypatch.setenv("CACHE_URL", url)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    settings.SHARED_CACHE = True
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_worker_grades_every_hand_in_of_a_group_sharing_the_sweeps(shared_redis_cache, celery_worker_process):
    """A hall hands in together: the first hand-in queues a sweep, the ones that find it queued add
    nothing, and the real worker's sweeps grade every one and clear the key."""
    from django.core.cache import cache

    from exams.attempts import GRADING_QUEUED_KEY, attempt_hand_in

    bank = load_fixture_bank()
    quiz = make_quiz([bank["t-003"]], pass_mark=60)
    people = [make_staff() for _ in range(12)]
    attempts = [attempt_start(staff=p, quiz=quiz, assignment=make_assignment(p, quiz)) for p in people]
    for attempt in attempts:
        attempt_save_answer(attempt_id=attempt.pk, staff=attempt.staff, question_id=bank["t-003"].pk, raw=True)
    for attempt in attempts:
        assert attempt_hand_in(attempt_id=attempt.pk, staff=attempt.staff)
    ids = [a.pk for a in attempts]
    wait_for(lambda: Attempt.objects.filter(pk__in=ids, state="finished").count() == len(ids))
    assert {float(s) for s in Attempt.objects.filter(pk__in=ids).values_list("score", flat=True)} == {100.0}
    assert TrainingEvent.objects.filter(source=EventSource.QUIZ).count() == len(ids)
    wait_for(lambda: cache.get(GRADING_QUEUED_KEY) is None, timeout=10)
