"""Celery tasks: thin wrappers that fetch nothing themselves and call one service."""

from celery import shared_task
from django.utils import timezone

from .scheduling import launch_reminders_send


@shared_task(acks_late=True, reject_on_worker_lost=True)
def launch_reminders_tick() -> int:
    """Beat tick (every 15 minutes by default): send due reminders; safe to run twice or concurrently."""
    return launch_reminders_send(at=timezone.now())
