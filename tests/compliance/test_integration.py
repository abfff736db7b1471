"""The reminder tick on a real Celery worker (Redis broker, PostgreSQL): run twice at once, sent once."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.app.backends import by_url
from celery.result import AsyncResult
from django.conf import settings
from django.db import connection
from django.utils import timezone

from compliance.services import launch_announce
from evidence.models import Launch, LaunchAssignment
from lms.celery import app
from notices.models import Notification

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
TASK = "compliance.tasks.launch_reminders_tick"


@pytest.fixture
def worker(transactional_db):
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if connection.vendor != "postgresql" or not broker.startswith("redis"):
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL)")
    db = settings.DATABASES["default"]
    queue = f"compliance-it-{os.getpid()}"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_RESULT_BACKEND": broker,
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    celery = Path(sys.executable).with_name("celery")
    cmd = [
        str(celery),
        "-A",
        "lms",
        "worker",
        "-Q",
        queue,
        "--concurrency=2",
        "--loglevel=WARNING",
        "--without-heartbeat",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    backend_cls, url = by_url(broker)
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        yield queue, backend_cls(app=app, url=url)
    finally:
        app.conf.task_always_eager = eager
        proc.terminate()
        proc.wait(timeout=30)


def test_two_ticks_at_once_send_each_notice_once(org, worker):
    now = timezone.now()
    launch = Launch.objects.create(code="IT", name="集成测试业务", announced_at=now - datetime.timedelta(hours=47))
    launch_announce(launch=launch)
    expected = LaunchAssignment.objects.filter(launch=launch).count()
    queue, backend = worker

    def run():
        return AsyncResult(app.send_task(TASK, queue=queue).id, backend=backend, app=app)

    results = [run(), run()]
    counts = [r.get(timeout=120) for r in results]  # the worker runs both at once (concurrency 2)
    assert sorted(counts) == [0, expected]
    assert Notification.objects.filter(key="launch-remind-2h:IT").count() == expected
    again = run().get(timeout=60)
    assert again == 0
