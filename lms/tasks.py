"""The worker's heartbeat: beat queues it every minute; ``/healthz/`` reads when a worker last ran it."""

from celery import shared_task
from django.utils import timezone

from .health import heartbeat_stamp


@shared_task(ignore_result=True, expires=120)
def worker_heartbeat() -> None:
    heartbeat_stamp(now=timezone.now())
