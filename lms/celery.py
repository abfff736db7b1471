"""The Celery app. Configuration comes from Django settings (``CELERY_*``)."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings." + os.environ.get("DJANGO_ENV", "dev"))

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def heartbeat_on_start(sender, **kwargs):
    """Queue a heartbeat as soon as a worker is up, so ``/healthz/`` need not wait for beat's first minute."""
    sender.app.send_task("lms.tasks.worker_heartbeat")
