"""Celery tasks: finish attempts whose time is up (a finder enqueues one idempotent task per attempt)."""

from celery import shared_task

from .attempts import attempt_finish_overdue, overdue_attempt_ids


@shared_task(acks_late=True)
def attempt_finish_overdue_task(attempt_id: int) -> None:
    attempt_finish_overdue(attempt_id=attempt_id)


@shared_task
def attempts_finish_overdue() -> int:
    """Run every minute by beat: enqueue the finishing of each overdue open attempt."""
    ids = overdue_attempt_ids()
    for attempt_id in ids:
        attempt_finish_overdue_task.delay(attempt_id)
    return len(ids)
