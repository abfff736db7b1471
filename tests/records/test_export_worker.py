"""Bulk export with a real Celery worker on Redis + PostgreSQL, including a worker process killed mid-job."""

import os
import signal
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from django.db import connection

from lms.celery import app as celery_app
from records.models import ExportJob, JobStatus
from records.tasks import export_job_start
from tests.conftest import make_hall, make_staff, make_user

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres")
        or not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"),
        reason="needs DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://…",
    ),
]

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


@pytest.fixture
def worker(tmp_path, records_dir):
    """A worker on its own queue (other workers may share the Redis), on the test database."""
    queue = f"records-it-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "False",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "RECORDS_DIR": str(records_dir),
        "RECORDS_EXPORT_CHUNK": "2",
    }
    log = (tmp_path / "worker.log").open("w")

    def start():
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "lms",
                "worker",
                "-Q",
                queue,
                "--concurrency=2",
                "--pool=prefork",
                "-l",
                "INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    proc = start()
    old = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield proc
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = old
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _wait(job, predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if predicate(job):
            return job
        time.sleep(0.2)
    raise AssertionError(f"timed out: {job.status} {job.done}/{job.total}")


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_job_leaves_no_corrupt_or_duplicate_output(worker, settings):
    settings.RECORDS_EXPORT_CHUNK = 2
    hall = make_hall(code="HX")
    people = [make_staff(hall, staff_no=f"X{i:03d}", name=f"测试{i}") for i in range(24)]
    job = ExportJob.objects.create(created_by=make_user("hr-it"), hall=hall, year=2026)
    export_job_start.delay(job.pk)

    _wait(job, lambda j: j.done >= 4, timeout=120)
    killed = _children(worker.pid)
    assert killed, "the prefork pool should have child processes"
    for pid in killed:
        os.kill(pid, signal.SIGKILL)  # the chunks they held are re-queued (acks_late + reject_on_worker_lost)

    job = _wait(job, lambda j: j.status == JobStatus.DONE, timeout=240)
    assert job.done == job.total == len(people)
    with zipfile.ZipFile(job.zip_path) as zf:
        names = zf.namelist()
        assert zf.testzip() is None
    assert len(names) == len(set(names)) == len(people)
    assert not list(job.zip_path.parent.glob(".tmp-*.zip"))
    assert not job.folder.exists()  # per-person copies are removed once the ZIP is in place
