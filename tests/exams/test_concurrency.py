"""Races on PostgreSQL: two tabs starting or submitting at once, many answers saved in parallel."""

import datetime
import os
import threading

import pytest
from django.db import connection
from django.utils import timezone

from exams.attempts import attempt_save_answer, attempt_start, attempt_submit
from exams.models import Answer, Attempt
from tests.conftest import make_staff

from .utils import load_fixture_bank, make_assignment, make_quiz

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres")
        or not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL)",
    ),
]


def race(fn, n=8):
    """Run ``fn`` in ``n`` threads released together; return results and exceptions."""
    barrier, results, errors = threading.Barrier(n), [], []

    def run():
        try:
            barrier.wait()
            results.append(fn())
        except Exception as exc:  # noqa: BLE001 - collected and asserted on by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_simultaneous_starts_make_one_open_attempt(transactional_db):
    bank = load_fixture_bank()
    staff, quiz = make_staff(), make_quiz([bank["t-003"]])
    results, errors = race(lambda: attempt_start(staff=staff, quiz=quiz).pk)
    assert errors == [] and len(set(results)) == 1
    assert Attempt.objects.filter(staff=staff, quiz=quiz).count() == 1


def test_simultaneous_retakes_of_one_assignment_make_one_open_attempt_numbered_after_the_first(transactional_db):
    bank = load_fixture_bank()
    staff, quiz = make_staff(), make_quiz([bank["t-003"]], attempts_allowed=3)
    assignment = make_assignment(staff, quiz)
    first = attempt_start(staff=staff, quiz=quiz, assignment=assignment)
    attempt_submit(attempt_id=first.pk, staff=staff)  # unanswered: fails
    results, errors = race(lambda: attempt_start(staff=staff, quiz=quiz, assignment=assignment).pk)
    assert errors == [] and len(set(results)) == 1
    assert list(Attempt.objects.filter(assignment=assignment).order_by("number").values_list("number", "state")) == [
        (1, "finished"),
        (2, "open"),
    ]


def test_simultaneous_submits_return_the_same_finished_result(transactional_db):
    bank = load_fixture_bank()
    staff, quiz = make_staff(), make_quiz([bank["t-003"]])
    attempt = attempt_start(staff=staff, quiz=quiz)
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=True)
    results, errors = race(lambda: attempt_submit(attempt_id=attempt.pk, staff=staff))
    assert errors == []
    assert len({(a.finished_at, a.score, a.state) for a in results}) == 1 and results[0].state == "finished"


def test_parallel_saves_of_one_question_keep_one_answer(transactional_db):
    bank = load_fixture_bank()
    staff, quiz = make_staff(), make_quiz([bank["t-003"]])
    attempt = attempt_start(staff=staff, quiz=quiz)
    _, errors = race(
        lambda: attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=True)
    )
    assert errors == [] and Answer.objects.filter(attempt=attempt).count() == 1


def test_people_saving_answers_to_one_quiz_do_not_wait_for_each_other(transactional_db):
    """The save locks the attempt's row only: a lock on the shared quiz row would queue a whole shift."""
    from django.db import OperationalError, transaction

    from exams.attempts import _locked

    bank = load_fixture_bank()
    quiz = make_quiz([bank["t-003"]])
    first, second = make_staff(), make_staff()
    held = attempt_start(staff=first, quiz=quiz)
    mine = attempt_start(staff=second, quiz=quiz)
    locked, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            _locked(held.pk)
            locked.set()
            release.wait(10)
        connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(10)
        try:
            with transaction.atomic():
                connection.cursor().execute("SET LOCAL lock_timeout = '1s'")
                attempt_save_answer(attempt_id=mine.pk, staff=second, question_id=bank["t-003"].pk, raw=True)
        except OperationalError as exc:
            pytest.fail(f"the save waited for another person's lock: {exc}")
    finally:
        release.set()
        holder.join()
    assert Answer.objects.get(attempt=mine).response is True


def test_simultaneous_assigns_count_each_new_assignment_once(transactional_db):
    from exams.assignments import quiz_assign
    from exams.models import QuizAssignment

    bank = load_fixture_bank()
    quiz = make_quiz([bank["t-003"]])
    ids = [make_staff().pk for _ in range(5)]
    due = timezone.now() + datetime.timedelta(days=2)
    results, errors = race(lambda: quiz_assign(staff_ids=ids, quiz=quiz, due_at=due, period_key="weekly:2026-W10"))
    assert errors == []
    assert sorted(results) == [0] * 7 + [5]
    assert QuizAssignment.objects.filter(quiz=quiz).count() == 5


def test_saving_an_answer_locks_the_attempt_but_not_the_quiz_everyone_is_taking(transactional_db):
    from django.db import transaction

    from exams.attempts import _locked
    from exams.models import Quiz

    bank = load_fixture_bank()
    staff, quiz = make_staff(), make_quiz([bank["t-003"]])
    attempt = attempt_start(staff=staff, quiz=quiz)

    def try_lock(model):
        with transaction.atomic():
            model.objects.select_for_update(nowait=True).get(pk=attempt.pk if model is Attempt else quiz.pk)

    with transaction.atomic():
        _locked(attempt.pk, staff)
        results, errors = race(lambda: try_lock(Quiz), n=1)
        assert errors == [] and results == [None]
        results, errors = race(lambda: try_lock(Attempt), n=1)
        assert [type(e).__name__ for e in errors] == ["OperationalError"]
