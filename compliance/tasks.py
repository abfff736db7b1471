"""Celery tasks: thin wrappers that fetch nothing themselves and call one service.

They take ids and ISO strings only and are safe to run twice (the database's unique constraints decide),
so they are acknowledged late and re-queued when a worker dies mid-task.
"""

import datetime

from celery import shared_task
from django.utils import timezone

from .scheduling import (
    backbone_quizzes_assign,
    launch_quiz_assign,
    launch_reminders_send,
    quiz_reminders_send,
    weekly_quizzes_assign,
)


def _at(at: str | None) -> datetime.datetime:
    """Return the instant a tick runs for: ``at`` (ISO 8601 with offset, for replays) or now."""
    return datetime.datetime.fromisoformat(at) if at else timezone.now()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def launch_reminders_tick() -> int:
    """Beat tick (every 15 minutes by default): send due reminders; safe to run twice or concurrently."""
    return launch_reminders_send(at=timezone.now())


@shared_task(acks_late=True, reject_on_worker_lost=True)
def weekly_quizzes_tick(at: str | None = None) -> int:
    """Beat, Monday 08:00 Asia/Shanghai: assign the week's quiz to everyone employed."""
    return weekly_quizzes_assign(at=_at(at))


@shared_task(acks_late=True, reject_on_worker_lost=True)
def backbone_quizzes_tick(at: str | None = None) -> int:
    """Beat, the 1st of each month 08:00 Asia/Shanghai: assign the month's quiz to the backbone staff."""
    return backbone_quizzes_assign(at=_at(at))


@shared_task(acks_late=True, reject_on_worker_lost=True)
def quiz_reminders_tick(at: str | None = None) -> int:
    """Beat, every 15 minutes: quiz deadline reminders and missed-deadline notices, each sent once."""
    return quiz_reminders_send(at=_at(at))


@shared_task(acks_late=True, reject_on_worker_lost=True)
def launch_quiz_assign_task(launch_id: int) -> int:
    """Enqueued on commit by ``launch_announce``: assign the launch's quiz to everyone in scope."""
    return launch_quiz_assign(launch_id=launch_id)
