"""A real Celery worker for `integration` tests: a subprocess on Redis sharing the test database.

The worker runs `lms.settings.test` with eager mode off, pointed at the PostgreSQL test database that
pytest-django created, so tasks see what the test committed (use `transactional_db`).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def integration_skip_reason() -> str | None:
    """Return why integration tests cannot run here, or None when PostgreSQL and Redis are configured."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return "integration tests need DATABASE_URL=postgres://..."
    if not os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"):
        return "integration tests need CELERY_BROKER_URL=redis://..."
    return None


def worker_database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Worker:
    def __init__(self, concurrency: int = 1, name: str = "w1"):
        self.concurrency, self.name, self.process = concurrency, name, None

    def start(self):
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "DATABASE_URL": worker_database_url(),
        }
        self.log = open(ROOT / "var" / f"worker-{self.name}.log", "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "lms",
                "worker",
                "--loglevel=INFO",
                "--pool=prefork",
                f"--concurrency={self.concurrency}",
                f"--hostname={self.name}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        from lms.celery import app

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if app.control.ping(timeout=0.5, destination=[f"{self.name}@{os.uname().nodename}"]):
                return self
            if self.process.poll() is not None:
                break
        raise RuntimeError(f"Celery worker did not start; see var/worker-{self.name}.log")

    def kill(self):
        """Kill the worker hard (SIGKILL), as a crash would."""
        self.process.kill()
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


@pytest.fixture
def result_backend(monkeypatch):
    """Workers store results in Redis so the test can read what each task returned.

    Request it before ``celery_worker_process`` so the worker starts with the backend configured.
    """
    from celery.app.backends import by_url

    from lms.celery import app

    broker = os.environ.get("CELERY_BROKER_URL", "")
    monkeypatch.setenv("CELERY_RESULT_BACKEND", broker)
    if not broker.startswith("redis://"):
        return None
    backend_cls, url = by_url(broker)
    return backend_cls(app=app, url=url)


@pytest.fixture
def celery_worker_process(transactional_db):
    """Start a real worker for one test; tasks are sent to Redis, not run eagerly."""
    reason = integration_skip_reason()
    if reason:
        pytest.skip(reason)
    from lms.celery import app

    app.conf.task_always_eager = False
    app.control.purge()
    worker = Worker().start()
    yield worker
    worker.stop()
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
