"""Celery tasks: grade handed-in attempts and finish those whose time is up (each idempotent).

Grading has two triggers: the sweep ``attempts_grade_handed_in`` queued when a hand-in commits, and the
minute finder ``attempts_finish_overdue``, which regrades hand-ins still waiting after ``REGRADE_AFTER``.
"""

import datetime

from celery import shared_task
from django.utils import timezone

from .attempts import (
    attempt_finish_overdue,
    attempt_grade_handed_in,
    grade_handed_in_sweep,
    handed_in_attempt_ids,
    overdue_attempt_ids,
)

REGRADE_AFTER = datetime.timedelta(seconds=30)


@shared_task(acks_late=True)
def attempt_grade_task(attempt_id: int) -> None:
    """The minute finder's regrade of one hand-in still waiting."""
    attempt_grade_handed_in(attempt_id=attempt_id)


@shared_task(acks_late=True)
def attempts_grade_handed_in() -> int:
    """Queued on commit by a hand-in, once per group with a shared cache (see ``attempts._queue_grading``)."""
    return grade_handed_in_sweep()


@shared_task(acks_late=True)
def attempt_finish_overdue_task(attempt_id: int) -> None:
    attempt_finish_overdue(attempt_id=attempt_id)


@shared_task
def attempts_finish_overdue() -> int:
    """Run every minute by beat: enqueue the finishing of each overdue open attempt, and the grading of
    hand-ins whose sweep was lost (broker down when they were handed in, a worker that died)."""
    ids = overdue_attempt_ids()
    for attempt_id in ids:
        attempt_finish_overdue_task.delay(attempt_id)
    stale = handed_in_attempt_ids(before=timezone.now() - REGRADE_AFTER)
    for attempt_id in stale:
        attempt_grade_task.delay(attempt_id)
    return len(ids) + len(stale)
