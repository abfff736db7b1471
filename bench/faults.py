#!/usr/bin/env python
"""Inject faults into a running Peixun and print what was checked: jobs finish, no answer is lost, no
notice is sent twice.

    .venv/bin/python bench/faults.py [--people 40] [--tick-staff 3000]

Everything runs on private instances this script starts and stops: PostgreSQL on port 5440 (a cluster
made with initdb under /tmp, as the ``postgres`` user when run as root), Redis on port 6390 (AOF on, as a
production broker should be), Celery workers and gunicorn with the production settings. Faults:

1. a worker SIGKILLed (main process and pool) mid bulk export: the sweeper re-queues the stalled job
   (as beat would ten minutes later) and a new worker finishes it: one ZIP, each person once;
2. a worker SIGKILLed mid beat tick (the Monday weekly-quiz tick, thousands of people with e-mail): the
   tick's message comes back after the visibility timeout and runs again: each person is assigned once,
   gets one notice and one e-mail;
3. a quiz burst (people answering and handing in over HTTP, retrying as the page's script does) while
   Redis and then PostgreSQL restart: every attempt is graded 100 (each person's last answer per question
   is the right one, so a lost save shows), and the worker grades what was queued before the restart.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_PORT, REDIS_PORT = 5440, 6390
BIN = Path(sys.executable).parent
CHECKS: list[tuple[str, bool, str]] = []


def check(what: str, ok: bool, detail: str = "") -> None:
    CHECKS.append((what, bool(ok), detail))
    print(f"  [{'OK' if ok else 'FAILED'}] {what}{f' ({detail})' if detail else ''}", flush=True)


def wait_until(predicate, timeout: float, step: float = 0.5) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Postgres:
    """A private cluster under ``folder`` on ``PG_PORT``, run as the ``postgres`` user when we are root."""

    def __init__(self, folder: Path):
        self.data, self.log = folder / "pg", folder / "pg.log"

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *args], check=True, stdout=subprocess.DEVNULL)

    def start(self) -> None:
        if not self.data.exists():
            self.data.parent.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(self.data.parent, "postgres")
            self._run(shutil.which("initdb") or "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")
        options = f"-p {PG_PORT} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            shutil.which("pg_ctl") or "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start"
        )

    def restart(self) -> None:
        self._run(shutil.which("pg_ctl") or "pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "restart")

    def stop(self) -> None:
        self._run(shutil.which("pg_ctl") or "pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


class Redis:
    """A private redis-server on ``REDIS_PORT`` with an append-only file, so queued tasks survive a restart."""

    def __init__(self, folder: Path):
        self.folder, self.proc = folder, None

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
        )
        assert wait_until(
            lambda: (
                subprocess.run(
                    ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True
                ).stdout.strip()
                == "PONG"
            ),
            20,
        )

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(20)


class Worker:
    """A Celery worker (prefork, 2 processes) with the production settings."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log, self.proc = env, log, None

    def start(self) -> None:
        out = self.log.open("a")
        self.proc = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "lms",
                "worker",
                "--concurrency=2",
                "--loglevel=INFO",
                f"--hostname=faults-{secrets.token_hex(3)}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        assert wait_until(lambda: "ready." in self.log.read_text(errors="replace").rsplit("celery@", 1)[-1], 60)

    def kill(self) -> None:
        """SIGKILL the pool's processes and the main process: a crash, nothing acknowledged or handed back."""
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True)
        for pid in [*map(int, out.stdout.split()), self.proc.pid]:
            os.kill(pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


def configure(folder: Path) -> dict:
    env = os.environ | {
        "DJANGO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PEIXUN_BASE_URL": "http://127.0.0.1:8000",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "60",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/peixun_faults",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
        "CELERY_VISIBILITY_TIMEOUT": "20",  # a killed worker's messages come back after 20 s
        "PEIXUN_VAR_DIR": str(folder / "var"),
        "RECORDS_EXPORT_CHUNK": "2",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(folder / "mail"),
        "LOG_LEVEL": "ERROR",
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    os.environ.update(env)
    return env


def database_create() -> None:
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{PG_PORT}/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS peixun_faults")
        conn.execute("CREATE DATABASE peixun_faults")


def people_make(code: str, count: int, *, email: bool = False):
    from django.contrib.auth import get_user_model

    from people.models import Branch, Hall, Staff

    User = get_user_model()
    branch, _ = Branch.objects.get_or_create(code="FAULT", defaults={"name": "故障分公司"})
    hall = Hall.objects.create(code=code, name=f"故障营业厅{code}", branch=branch)
    users = User.objects.bulk_create(
        [
            User(
                username=f"{code.lower()}-{n:05d}",
                password="!",
                email=f"{code.lower()}{n}@example.com" if email else "",
            )
            for n in range(count)
        ]
    )
    staff = Staff.objects.bulk_create(
        [
            Staff(
                staff_no=f"{code}{n:05d}",
                name=f"故障{n}",
                hall=hall,
                post="counter",
                hired_on=datetime.date(2020, 1, 1),
                user=u,
            )
            for n, u in enumerate(users)
        ]
    )
    return hall, staff


def fault_export(worker: Worker) -> None:
    print("\n1. Worker SIGKILLed mid bulk export", flush=True)
    import zipfile

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from records.exports import export_job_queue, export_jobs_sweep
    from records.models import JobStatus

    hall, staff = people_make("FEXP", 24)
    hr = get_user_model().objects.create_user("faults-hr")
    job = export_job_queue(created_by=hr, hall=hall, year=timezone.localdate().year)

    def done_at_least(n):
        job.refresh_from_db()
        return job.done >= n

    wait_until(lambda: done_at_least(4), 180, 0.1)
    worker.kill()
    job.refresh_from_db()
    check(
        "worker killed while the job was running",
        job.status == JobStatus.RUNNING and job.done < job.total,
        f"{job.done}/{job.total} at the kill",
    )
    worker.start()
    later = timezone.now() + datetime.timedelta(minutes=settings.RECORDS_EXPORT_STALL_MINUTES + 1)
    swept = export_jobs_sweep(now=later)  # what beat's sweeper does once the job has been still for long
    finished = wait_until(lambda: (job.refresh_from_db(), job.status == JobStatus.DONE)[1], 300)
    check("the sweeper re-queued the stalled job", swept["requeued"] == 1, str(swept))
    check("the export job finished", finished and job.done == job.total == 24, f"{job.status} {job.done}/{job.total}")
    if finished:
        with zipfile.ZipFile(job.zip_path) as zf:
            names = zf.namelist()
            intact = zf.testzip() is None
        check(
            "one intact ZIP with each person once",
            intact and len(names) == len(set(names)) == 24,
            f"{len(names)} files",
        )


def fault_tick(worker: Worker, count: int, mail_dir: Path) -> None:
    print(f"\n2. Worker SIGKILLed mid beat tick (weekly quiz for {count} people with e-mail)", flush=True)
    from django.utils import timezone

    from compliance import periods
    from compliance.tasks import weekly_quizzes_tick
    from exams.models import Quiz, QuizAssignment
    from notices.models import Notification
    from people.models import Staff

    at = timezone.now()
    Quiz.objects.create(title="故障周测验", source_key=f"module:{periods.weekly_quiz_module(periods.local_day(at))}")
    _hall, staff = people_make("FTICK", count, email=True)
    employed = Staff.objects.employed_on(periods.local_day(at)).count()
    log_start = len(worker.log.read_text(errors="replace"))
    weekly_quizzes_tick.delay(at.isoformat())
    started = wait_until(lambda: "weekly_quizzes_tick" in worker.log.read_text(errors="replace")[log_start:], 60, 0.05)
    time.sleep(0.3)
    assigned_at_kill = QuizAssignment.objects.count()
    worker.kill()
    check(
        "worker killed mid tick (its transaction had not committed)",
        started and assigned_at_kill == 0,
        f"{assigned_at_kill} assignments at the kill",
    )
    worker.start()
    mailed = Notification.objects.filter(user__email__endswith="@example.com", key__startswith="quiz-assigned:")
    ok = wait_until(lambda: mailed.filter(emailed_at__isnull=False).count() >= count, 240, 1)
    check(
        "the tick ran again and assigned everyone employed",
        QuizAssignment.objects.count() == employed,
        f"{QuizAssignment.objects.count()}/{employed}",
    )
    keys = Counter(Notification.objects.values_list("user_id", "key"))
    check("no in-site notice twice", max(keys.values(), default=0) == 1, f"{sum(keys.values())} notices")
    recipients = Counter()
    for path in mail_dir.glob("*.log"):
        recipients.update(re.findall(r"^To: (\S+)$", path.read_text(errors="replace"), flags=re.M))
    check(
        "every e-mail sent exactly once",
        ok and len(recipients) == count and set(recipients.values()) == {1},
        f"{sum(recipients.values())} e-mails to {len(recipients)} addresses",
    )


class Person:
    """One person's browser: retries each request until the server answers 200/302, as the page's script
    does with autosave (it keeps the answer and sends it again)."""

    def __init__(self, port: int, session_key: str, csrf: str, errors: Counter):
        self.port, self.errors = port, errors
        self.headers = {"Cookie": f"sessionid={session_key}; csrftoken={csrf}", "X-CSRFToken": csrf}

    def request(self, kind, method, path, body="", content_type="", accept="", ok=(200, 302)):
        headers = (
            self.headers
            | ({"Content-Type": content_type} if content_type else {})
            | ({"Accept": accept} if accept else {})
        )
        for _ in range(120):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                if response.status in ok:
                    self.errors[f"{kind} ok"] += 1
                    return response.status, response.getheader("Location", ""), data
                self.errors[f"{kind} HTTP {response.status}"] += 1
            except (OSError, http.client.HTTPException) as exc:
                self.errors[f"{kind} {type(exc).__name__}"] += 1
            finally:
                conn.close()
            time.sleep(0.5)
        raise RuntimeError(f"{kind} {path}: no answer in a minute")

    def take(self, quiz_id: int, results: dict) -> None:
        try:
            self._take(quiz_id, results)
        except RuntimeError as exc:
            self.errors[f"gave up: {exc}"] += 1

    def _take(self, quiz_id: int, results: dict) -> None:
        _, location, _ = self.request(
            "start", "POST", f"/exams/quiz/{quiz_id}/start/", content_type="application/x-www-form-urlencoded"
        )
        path = location.split("//", 1)[-1].split("/", 1)[-1]
        path = "/" + path if not path.startswith("/") else path
        _, _, page = self.request("page", "GET", path)
        ids = [int(x) for x in re.findall(rb'data-question="(\d+)"', page)]
        for qid in ids:
            for choice in (1, 0):  # first a wrong answer, then the right one: a lost save shows in the score
                time.sleep(0.2)
                self.request(
                    "save",
                    "POST",
                    path + "answer/",
                    json.dumps({"question": qid, "response": choice}),
                    "application/json",
                )
        self.request(
            "submit",
            "POST",
            path + "submit/",
            content_type="application/x-www-form-urlencoded",
            accept="application/json",
            ok=(200,),
        )
        results[path] = len(ids)


def fault_burst(env: dict, people: int, postgres: Postgres, redis: Redis) -> None:
    print(f"\n3. Quiz burst of {people} people while Redis, then PostgreSQL, restart", flush=True)
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connections
    from django.middleware.csrf import _get_new_csrf_string

    from exams.bank import bank_import
    from exams.formats.model import ChoiceData, QuestionData
    from exams.models import Attempt, Question, Quiz, QuizSlot

    _hall, staff = people_make("FQUIZ", people)
    bank_import(
        [
            QuestionData(
                type="single",
                key=f"fault-{n}",
                text=f"故障第{n}题",
                category=("faults",),
                choices=[ChoiceData("对", 1.0), ChoiceData("错", 0.0)],
            )
            for n in range(10)
        ]
    )
    quiz = Quiz.objects.create(
        title="故障测验",
        source_key="faults",
        time_limit_minutes=60,
        pass_mark=60,
        shuffle_questions=False,
        shuffle_choices=False,
    )
    for order, question in enumerate(Question.objects.filter(source_key__startswith="fault-").order_by("pk")):
        QuizSlot.objects.create(quiz=quiz, question=question, sort_order=order)
    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = []
    for person in staff:
        session = SessionStore()
        session.update(
            {
                SESSION_KEY: str(person.user.pk),
                BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                HASH_SESSION_KEY: person.user.get_session_auth_hash(),
            }
        )
        session.create()
        cookies.append(session.session_key)
    csrf = _get_new_csrf_string()
    connections.close_all()

    port = free_port()
    log = (Path(env["PEIXUN_VAR_DIR"]).parent / "gunicorn.log").open("w")
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "lms.wsgi",
            "-c",
            "lms/gunicorn.conf.py",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        assert wait_until(lambda: socket.socket().connect_ex(("127.0.0.1", port)) == 0, 60, 0.2)
        errors, results = Counter(), {}
        threads = [
            threading.Thread(target=Person(port, c, csrf, errors).take, args=(quiz.pk, results)) for c in cookies
        ]
        for t in threads:
            t.start()
        saves = 20 * people
        wait_until(lambda: errors["save ok"] >= saves // 5, 120, 0.05)
        done = errors["save ok"]
        redis.stop()
        time.sleep(2)
        redis.start()
        print(f"  Redis down for 2 s after {done} of {saves} saves, back after {errors['save ok']}", flush=True)
        wait_until(lambda: errors["save ok"] >= saves // 2, 120, 0.05)
        done = errors["save ok"]
        postgres.restart()
        print(f"  PostgreSQL restarted after {done} of {saves} saves, back after {errors['save ok']}", flush=True)
        for t in threads:
            t.join(300)
        retried = {kind: n for kind, n in errors.items() if not kind.endswith(" ok")}
        print(f"  requests retried during the restarts: {retried or 'none'}", flush=True)
        check("every person handed in", len(results) == people, f"{len(results)}/{people}")
        attempts = Attempt.objects.filter(quiz=quiz)

        def graded():
            from exams.tasks import attempts_finish_overdue

            attempts_finish_overdue.delay()  # beat's minute finder: regrades hand-ins whose sweep was lost
            return attempts.filter(state="finished").count() == people

        ok = wait_until(graded, 180, 5)
        scores = Counter(float(s) for s in attempts.values_list("score", flat=True) if s is not None)
        check("every attempt graded", ok, f"{attempts.filter(state='finished').count()}/{people} finished")
        check("no answer lost (every attempt scores 100)", scores == Counter({100.0: people}), str(dict(scores)))
    finally:
        gunicorn.terminate()
        gunicorn.wait(30)
        log.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=40, help="people in the quiz burst (1–300)")
    parser.add_argument("--tick-staff", type=int, default=3000, help="people the killed tick assigns (100–20000)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, mail, clusters)")
    args = parser.parse_args()
    if not (1 <= args.people <= 300 and 100 <= args.tick_staff <= 20000):
        sys.exit("bounded run: 1–300 people, 100–20000 tick staff")
    folder = Path(tempfile.mkdtemp(prefix="peixun-faults-"))
    env = configure(folder)
    postgres, redis = Postgres(folder), Redis(folder / "redis")
    worker = Worker(env, folder / "worker.log")
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    try:
        postgres.start()
        redis.start()
        database_create()
        for step in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):  # as ./peixun production
            subprocess.run([sys.executable, "manage.py", *step], env=env, check=True, stdout=subprocess.DEVNULL)
        import django

        django.setup()
        worker.start()
        fault_export(worker)
        fault_tick(worker, args.tick_staff, folder / "mail")
        fault_burst(env, args.people, postgres, redis)
    finally:
        worker.stop()
        redis.stop()
        postgres.stop()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    failed = [what for what, ok, _ in CHECKS if not ok]
    print(f"\n{len(CHECKS) - len(failed)} checks passed, {len(failed)} failed" + (f": {failed}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
