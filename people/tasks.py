"""Celery tasks of the organisation: thin wrappers around one call each."""

from celery import shared_task
from django.utils import timezone

from lms.uploads import previews_sweep


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_previews_sweep() -> int:
    """Beat tick (hourly): delete import files whose preview was never confirmed within a day."""
    return previews_sweep(now=timezone.now())
