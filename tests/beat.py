"""Move the clock through the real beat schedule: the test's stand-in for ``celery beat``.

``Beat`` reads the periodic tasks the migrations scheduled (``django_celery_beat``'s ``PeriodicTask``
rows with their crontab or interval), moves a ``time_machine`` clock to each instant it is asked for,
and runs every task that Celery's own ``is_due`` finds due since its last run, once, as beat does after
a pause. Tasks run through ``Task.apply`` (in-process), and callbacks queued ``on_commit`` run too, so
what a task enqueues (grading a hand-in, assigning a launch's quiz) happens as it would on a worker.

Used by the year-long tests (``tests/test_year.py``) and ``bench/year.py``.
"""

from __future__ import annotations

import datetime
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager

import time_machine
from django.db import connection

from lms.celery import app

ShanghaiTZ = datetime.timezone(datetime.timedelta(hours=8))


def run_on_commit_callbacks() -> None:
    """Run the callbacks waiting for the current (test) transaction to commit, as a commit would."""
    while connection.run_on_commit:
        callbacks, connection.run_on_commit = connection.run_on_commit, []
        for _sids, func, _robust in callbacks:
            func()


class Beat(AbstractContextManager):
    """A clock that starts at ``start`` and a beat that fires the scheduled tasks as the clock moves.

    ``on_commit`` decides how the callbacks queued by a task are run: by default they are run at once
    (tests wrap everything in one transaction that never commits); pass ``None`` where the caller's
    transactions really commit.
    """

    def __init__(self, start: datetime.datetime, *, on_commit: Callable[[], None] | None = run_on_commit_callbacks):
        from django_celery_beat.models import PeriodicTask

        app.loader.import_default_modules()  # the tasks autodiscovery would register on a worker
        self.now = start
        self.runs: Counter[str] = Counter()
        self.results: list[tuple[datetime.datetime, str, object]] = []
        self.durations: dict[str, list[float]] = defaultdict(list)  # seconds per run, by task
        self._on_commit = on_commit
        self._traveller = time_machine.travel(start, tick=False)
        self.entries = [
            (task.task, task.schedule, json.loads(task.args or "[]"), json.loads(task.kwargs or "{}"))
            for task in PeriodicTask.objects.filter(enabled=True).select_related("crontab", "interval")
            if task.crontab_id or task.interval_id
        ]
        if not self.entries:
            raise RuntimeError("no periodic tasks are scheduled: did the migrations run?")
        self.last_run = {name: start for name, *_ in self.entries}

    def __enter__(self) -> Beat:
        self._shift = self._traveller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._traveller.stop()

    def move_to(self, when: datetime.datetime) -> None:
        """Move the clock without running anything (people act at this time)."""
        if when < self.now:
            raise ValueError(f"the clock only moves forward: {when} < {self.now}")
        self.now = when
        self._shift.move_to(when)

    def tick(self, when: datetime.datetime | None = None) -> list[str]:
        """Move the clock to ``when`` (if given) and run every task that is due; return their names."""
        if when is not None:
            self.move_to(when)
        fired = []
        for name, schedule, args, kwargs in self.entries:
            due, _next = schedule.is_due(self.last_run[name])
            if not due:
                continue
            started = time.perf_counter()
            result = app.tasks[name].apply(args=args, kwargs=kwargs, throw=True).get()
            if self._on_commit is not None:
                self._on_commit()
            self.durations[name].append(time.perf_counter() - started)
            self.last_run[name] = self.now
            self.runs[name] += 1
            self.results.append((self.now, name, result))
            fired.append(name)
        return fired

    def act(self, func: Callable, *args, **kwargs):
        """Call ``func`` at the current time as a request would, running what it queued on commit."""
        result = func(*args, **kwargs)
        if self._on_commit is not None:
            self._on_commit()
        return result


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """An instant in Shanghai time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=ShanghaiTZ)
