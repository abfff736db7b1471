"""Where a person stands on one piece of quiz work (an assignment, or their practice): pure rules.

An assignment is its own piece of work (training-policy.md, "Through time"): its attempts, the quiz's
attempt limit and its due time decide whether it may be (re)taken and when the answers may be shown.
Practice (attempts outside any assignment) follows the same rules with no due time. No Django here.
"""

from __future__ import annotations

import datetime

PASSED, FAILED, IN_PROGRESS, OVERDUE, TODO = "passed", "failed", "in_progress", "overdue", "todo"


def attempts_left(*, allowed: int, used: int) -> int | None:
    """How many more attempts may be started (None: no limit, ``allowed`` is 0)."""
    return None if not allowed else max(0, allowed - used)


def work_status(
    *, passed: bool, due_at: datetime.datetime | None, now: datetime.datetime, in_progress: bool, finished: int
) -> str:
    """已通过 / 进行中 / 已逾期 / 未通过 / 待作答, in that order of precedence."""
    if passed:
        return PASSED
    if in_progress:
        return IN_PROGRESS
    if due_at is not None and now >= due_at:
        return OVERDUE
    return FAILED if finished else TODO


def may_start(
    *, passed: bool, due_at: datetime.datetime | None, now: datetime.datetime, allowed: int, used: int
) -> bool:
    """Whether a new attempt may be started for the work (a passed one needs no retake)."""
    if passed or (due_at is not None and now >= due_at):
        return False
    left = attempts_left(allowed=allowed, used=used)
    return left is None or left > 0


def work_settled(
    *, passed: bool, due_at: datetime.datetime | None, now: datetime.datetime, allowed: int, used: int
) -> bool:
    """Whether the work can no longer be answered: passed, its attempts used up, or past due.

    Only then may correct answers be shown, so a failed try with attempts left does not leak the bank.
    """
    if passed or (due_at is not None and now >= due_at):
        return True
    left = attempts_left(allowed=allowed, used=used)
    return left is not None and left == 0


def answers_shown(
    *, review: str, close_at: datetime.datetime | None, now: datetime.datetime, settled: bool, is_open: bool
) -> bool:
    """Whether a finished attempt's review shows correct answers and explanations.

    ``review`` is the quiz's option: ``score`` never, ``after_close`` once the quiz has closed, ``full``
    once the work is settled (``work_settled``).
    """
    if is_open or review == "score":
        return False
    if review == "after_close":
        return close_at is not None and now >= close_at
    return settled
