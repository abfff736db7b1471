"""Bulk export with a real Celery worker on Redis + PostgreSQL, including a worker process killed mid-job."""

import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from lms.celery import app as celery_app
from people import roles
from records.exports import export_jobs_sweep
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

    procs = [start()]
    old = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield WorkerControl(procs, start)
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = old
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
        log.close()


class WorkerControl:
    """The worker of a test: its current process, killed whole (SIGKILL) and started again."""

    def __init__(self, procs, start):
        self.procs, self._start = procs, start

    @property
    def pid(self) -> int:
        return self.procs[-1].pid

    def kill_all(self) -> None:
        """SIGKILL the pool's children and the main process at once: nothing is acknowledged or re-queued."""
        proc = self.procs[-1]
        for pid in [*_children(proc.pid), proc.pid]:
            os.kill(pid, signal.SIGKILL)
        proc.wait(10)

    def restart(self) -> None:
        self.procs.append(self._start())


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


@pytest.mark.django_db(transaction=True)
def test_worker_killed_whole_mid_job_is_recovered_by_the_sweeper(worker, settings):
    """The whole worker dies (its prefetched and running chunks stay unacknowledged in Redis until the
    visibility timeout, an hour): the sweeper re-queues the stalled job and the new worker finishes it."""
    settings.RECORDS_EXPORT_CHUNK = 2
    hall = make_hall(code="HK")
    people = [make_staff(hall, staff_no=f"K{i:03d}", name=f"测试{i}") for i in range(24)]
    job = ExportJob.objects.create(created_by=make_user("hr-kill"), hall=hall, year=2026)
    export_job_start.delay(job.pk)
    _wait(job, lambda j: j.done >= 4, timeout=120)
    worker.kill_all()
    stalled = job.done
    assert stalled < job.total
    worker.restart()
    time.sleep(3)
    job.refresh_from_db()
    assert job.done == stalled and job.status == JobStatus.RUNNING  # nothing moves on its own

    later = timezone.now() + datetime.timedelta(minutes=settings.RECORDS_EXPORT_STALL_MINUTES + 1)
    assert export_jobs_sweep(now=later) == {"requeued": 1, "failed": 0}
    job = _wait(job, lambda j: j.status == JobStatus.DONE, timeout=240)
    assert job.done == job.total == len(people) and job.requeues == 1
    with zipfile.ZipFile(job.zip_path) as zf:
        assert sorted(zf.namelist()) == sorted(f"K{i:03d}_测试{i}.pdf" for i in range(24))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


BROKER_DOWN_SCRIPT = """
import django, json
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from people.models import Hall
from records.models import ExportJob
client = Client()
client.force_login(get_user_model().objects.get(username="hr-down"))
response = client.post("/records/exports/", {"hall": Hall.objects.get(code="HD").pk, "year": 2026})
print(json.dumps({"status": response.status_code, "body": response.content.decode(), "jobs": ExportJob.objects.count()}))
"""


@pytest.mark.django_db(transaction=True)
def test_starting_an_export_with_the_broker_on_a_closed_port_says_so_and_leaves_no_job():
    make_hall(code="HD")
    Group.objects.get_or_create(name=roles.HR)  # a flush by an earlier transactional test removes it
    make_user("hr-down", roles.HR)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "False",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{_closed_port()}/0",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", BROKER_DOWN_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["status"] == 503 and "任务队列暂不可用，请稍后再试。" in result["body"]
    assert result["jobs"] == 0 == ExportJob.objects.count()
    assert time.monotonic() - started < 60
