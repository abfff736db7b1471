"""Pure rules of one piece of quiz work: status, (re)start and when the answers may be shown."""

import datetime

import pytest

from exams import standing

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
DUE = NOW + datetime.timedelta(days=1)


def test_status_precedence_passed_in_progress_overdue_failed_todo():
    def status(**kw):
        values = {"passed": False, "due_at": DUE, "now": NOW, "in_progress": False, "finished": 0} | kw
        return standing.work_status(**values)

    assert status(passed=True, now=DUE) == standing.PASSED
    assert status(in_progress=True, finished=1) == standing.IN_PROGRESS
    assert status(now=DUE, finished=1) == standing.OVERDUE
    assert status(finished=1) == standing.FAILED
    assert status() == standing.TODO
    assert status(due_at=None, now=DUE + datetime.timedelta(days=99), finished=2) == standing.FAILED  # practice


@pytest.mark.parametrize(
    ("passed", "now", "allowed", "used", "may"),
    [
        (False, NOW, 2, 1, True),  # failed once, one left
        (False, NOW, 2, 2, False),  # used up
        (False, NOW, 0, 9, True),  # no limit
        (False, DUE, 2, 1, False),  # past due
        (True, NOW, 2, 1, False),  # passed: no retake
    ],
)
def test_a_new_attempt_may_start_only_before_due_unpassed_with_attempts_left(passed, now, allowed, used, may):
    assert standing.may_start(passed=passed, due_at=DUE, now=now, allowed=allowed, used=used) is may


@pytest.mark.parametrize(
    ("passed", "now", "allowed", "used", "due_at", "shown"),
    [
        (False, NOW, 2, 1, DUE, False),  # a failed first try with an attempt left: the bank stays hidden
        (True, NOW, 2, 1, DUE, True),  # passed
        (False, NOW, 2, 2, DUE, True),  # attempts used up
        (False, DUE, 2, 1, DUE, True),  # past due
        (False, NOW, 0, 5, DUE, False),  # no limit, not passed, not due
        (False, NOW, 0, 5, None, False),  # practice, unlimited, not passed: hidden
        (True, NOW, 0, 5, None, True),  # practice passed
        (False, NOW, 1, 1, None, True),  # practice used up
    ],
)
def test_full_review_shows_answers_only_once_the_work_is_settled(passed, now, allowed, used, due_at, shown):
    settled = standing.work_settled(passed=passed, due_at=due_at, now=now, allowed=allowed, used=used)
    assert standing.answers_shown(review="full", close_at=None, now=now, settled=settled, is_open=False) is shown


def test_score_only_never_and_after_close_only_after_closing_whatever_the_work():
    for settled in (True, False):
        assert not standing.answers_shown(review="score", close_at=None, now=NOW, settled=settled, is_open=False)
        assert not standing.answers_shown(review="after_close", close_at=DUE, now=NOW, settled=settled, is_open=False)
        assert standing.answers_shown(review="after_close", close_at=NOW, now=NOW, settled=settled, is_open=False)
    assert not standing.answers_shown(review="full", close_at=None, now=NOW, settled=True, is_open=True)


def test_the_rules_import_without_django_set_up():
    import subprocess
    import sys

    code = "import exams.standing, sys; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
