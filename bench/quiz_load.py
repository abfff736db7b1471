#!/usr/bin/env python
"""Drive a shift of staff taking a quiz against PostgreSQL + gunicorn on loopback; print latencies and errors.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/peixun_bench \
        .venv/bin/python bench/quiz_load.py [--users 300] [--ramp 30] [--duration 60] [--burst 200] [--workers N --threads N]

Phase 1 (steady): people arrive one by one over ``--ramp`` seconds (reported apart: a shift does
not begin in one instant), then ``--duration`` seconds are measured with everybody in. Each
simulated person starts the quiz, loads the attempt page, answers the 10 questions with a think
time between answers (autosave), hands in, opens the result
(graded by the Celery worker the bench runs at nice 10, as a production host would; until then the
page says it is grading), and starts again. Submitting is done as the page's script does it:
the hand-in asks for JSON, and the result is opened after the wait the reply names (plus up to as long
again at random). Phase 2 (burst): ``--burst`` people with open attempts all submit at the same instant. The server is gunicorn with the
production settings (plain HTTP on 127.0.0.1) and Redis as the shared cache that also holds the
sessions (``CACHE_URL``, default redis://127.0.0.1:6379/14); the database must be on loopback. Bench rows (hall
``BENCH``, users ``bench-*``) are replaced on each run. Goals (issue 4): page p95 ≤ 150 ms, save p95
≤ 100 ms, submit p99 ≤ 300 ms steady; burst submits 0 errors and p99 ≤ 500 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import runpy
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from importlib import import_module
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PORT = 0  # chosen at start: a free loopback port
QUESTIONS = 10
GOALS = {"page": ("p95", 150), "save": ("p95", 100), "submit": ("p99", 300), "burst submit": ("p99", 500)}


def configure(args) -> dict:
    url = os.environ.get("DATABASE_URL", "")
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql") or parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(
            "DATABASE_URL must point to PostgreSQL on loopback (e.g. postgres://postgres@127.0.0.1:5432/peixun_bench)"
        )
    var_dir = Path(tempfile.mkdtemp(prefix="peixun-bench-"))
    env = os.environ | {
        "DJANGO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PEIXUN_BASE_URL": "http://127.0.0.1:8000",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "60",
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/14"),
        "PEIXUN_VAR_DIR": str(var_dir),
        "LOG_LEVEL": "ERROR",
        "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER", "redis://127.0.0.1:6379/10"),
    }
    os.environ.update(env)
    return env


def create_database() -> None:
    import psycopg

    parsed = urlparse(os.environ["DATABASE_URL"])
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(*args, env) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def build_fixture(users: int):
    """Replace the bench hall, people and quiz; return (quiz, staff list, session cookies, csrf token)."""
    import datetime

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.middleware.csrf import _get_new_csrf_string

    from exams.bank import bank_import
    from exams.formats.model import ChoiceData, QuestionData
    from exams.models import Question, Quiz, QuizSlot
    from people.models import Branch, Hall, Staff

    User = get_user_model()
    Quiz.objects.filter(source_key="bench").delete()
    Staff.objects.filter(hall__code="BENCH").delete()
    User.objects.filter(username__startswith="bench-").delete()
    branch, _ = Branch.objects.get_or_create(code="BENCH", defaults={"name": "压测分公司"})
    hall, _ = Hall.objects.get_or_create(code="BENCH", defaults={"name": "压测营业厅", "branch": branch})
    bank_import(
        [
            QuestionData(
                type="single",
                key=f"bench-{n}",
                text=f"压测第{n}题",
                category=("bench",),
                choices=[ChoiceData("对", 1.0), ChoiceData("错", 0.0), ChoiceData("不确定", 0.0)],
            )
            for n in range(QUESTIONS)
        ]
    )
    quiz = Quiz.objects.create(title="压测测验", source_key="bench", time_limit_minutes=60, pass_mark=60)
    for order, question in enumerate(Question.objects.filter(source_key__startswith="bench-").order_by("pk")):
        QuizSlot.objects.create(quiz=quiz, question=question, sort_order=order)
    people = User.objects.bulk_create([User(username=f"bench-{n:05d}", password="!") for n in range(users)])
    staff = Staff.objects.bulk_create(
        [
            Staff(
                staff_no=f"BENCH{n:05d}",
                name=f"压测{n}",
                hall=hall,
                post="counter",
                hired_on=datetime.date(2020, 1, 1),
                user=u,
            )
            for n, u in enumerate(people)
        ]
    )
    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = []
    for user in people:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(session.session_key)
    return quiz, staff, cookies, _get_new_csrf_string()


class Recorder:
    """Latencies per kind of request; with ``steady_from`` set, requests begun earlier go to ``ramp``."""

    def __init__(self, steady_from: float | None = None):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.errors: dict[str, list[str]] = {}
        self.steady_from = steady_from
        self.ramp = Recorder() if steady_from is not None else None

    def add(self, kind: str, ms: float, error: str | None = None, began: float | None = None):
        if self.ramp is not None and began is not None and began < self.steady_from:
            self.ramp.add(kind, ms, error)
            return
        with self.lock:
            self.times.setdefault(kind, []).append(ms)
            if error:
                self.errors.setdefault(kind, []).append(error)


class Person:
    """One person's browser: a keep-alive connection with their session and CSRF cookies."""

    def __init__(self, session_key: str, csrf: str, rec: Recorder):
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        self.headers = {"Cookie": f"sessionid={session_key}; csrftoken={csrf}", "X-CSRFToken": csrf}
        self.rec = rec

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        body: str | None = None,
        content_type: str = "",
        ok=(200, 302),
        accept: str = "",
    ):
        headers = dict(self.headers)
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        began, start = time.monotonic(), time.perf_counter()
        for retry in (True, False):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                status, location = response.status, response.getheader("Location", "")
                break
            except (OSError, http.client.HTTPException) as exc:
                self.conn.close()
                stale = isinstance(exc, BrokenPipeError | ConnectionResetError | http.client.RemoteDisconnected)
                if retry and stale:
                    continue
                self.rec.add(kind, (time.perf_counter() - start) * 1000, type(exc).__name__, began)
                return None, "", b""
        ms = (time.perf_counter() - start) * 1000
        self.rec.add(kind, ms, None if status in ok else f"HTTP {status}", began)
        return status, location, data

    def take_quiz(self, quiz_id: int, think: tuple[float, float], stop: float) -> None:
        status, location, _ = self.request(
            "start", "POST", f"/exams/quiz/{quiz_id}/start/", "", "application/x-www-form-urlencoded"
        )
        if status != 302 or "/attempt/" not in location:
            return
        attempt_path = urlparse(location).path
        _, _, page = self.request("page", "GET", attempt_path)
        ids = [int(x) for x in re.findall(rb'data-question="(\d+)"', page)]
        for qid in ids:
            time.sleep(random.uniform(*think))
            if time.monotonic() > stop:
                return
            body = json.dumps({"question": qid, "response": random.randrange(3)})
            self.request("save", "POST", attempt_path + "answer/", body, "application/json")
        self.hand_in("submit", "result", attempt_path + "submit/")

    def hand_in(self, kind: str, result_kind: str, path: str, submitted=None) -> None:
        """Submit as the page's script does: post (nothing left to save: every answer was autosaved) asking
        for JSON, wait as told plus up to as long again at random, then open the result page."""
        status, _, data = self.request(
            kind, "POST", path, "", "application/x-www-form-urlencoded", accept="application/json", ok=(200,)
        )
        if submitted:
            submitted()
        if status != 200:
            return
        reply = json.loads(data)
        time.sleep(reply["wait_ms"] / 1000 * (1 + random.random()))
        self.request(result_kind, "GET", reply["result_url"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_server(server: subprocess.Popen, timeout=30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if server.poll() is not None:
            sys.exit("gunicorn exited")
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


def warm_up(cookie: str, csrf: str, requests: int) -> None:
    """Load every worker's URLconf and templates before measuring (first requests cost seconds)."""
    rec = Recorder()
    threads = [
        threading.Thread(target=lambda: Person(cookie, csrf, rec).request("warm", "GET", "/exams/"))
        for _ in range(requests)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def cpu_seconds(servers: dict[str, int]) -> dict[str, float]:
    """CPU seconds used so far by each server process tree (gunicorn, the Celery worker: a parent and its
    children), PostgreSQL's processes, and this client."""
    tick = os.sysconf("SC_CLK_TCK")
    totals = dict.fromkeys([*servers, "postgres", "client"], 0.0)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            comm = (entry / "comm").read_text().strip()
        except OSError:
            continue
        pid, ppid, used = int(entry.name), int(fields[1]), (int(fields[11]) + int(fields[12])) / tick
        owner = next((name for name, top in servers.items() if top in (pid, ppid)), None)
        if owner:
            totals[owner] += used
        elif comm.startswith("postgres"):
            totals["postgres"] += used
        elif pid == os.getpid():
            totals["client"] += used
    return totals


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def report(title: str, rec: Recorder, seconds: float, goals: bool = True) -> None:
    print(f"\n{title} ({seconds:.0f} s)")
    print(
        f"{'request':<14}{'count':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'req/s':>8}  goal"
    )
    for kind, values in sorted(rec.times.items()):
        p50, p95, p99 = (percentile(values, p) for p in (50, 95, 99))
        goal = GOALS.get(kind) if goals else None
        verdict = ""
        if goal:
            measured = p95 if goal[0] == "p95" else p99
            verdict = f"{goal[0]} ≤ {goal[1]}: {'OK' if measured <= goal[1] else 'MISSED'}"
        errors = rec.errors.get(kind, [])
        print(
            f"{kind:<14}{len(values):>7}{len(errors):>8}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}{max(values):>9.1f}{len(values) / seconds:>8.1f}  {verdict}"
        )
        if errors:
            print(f"{'':<14}errors: {sorted(set(errors))[:5]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--duration", type=float, default=60, help="seconds measured after the ramp")
    parser.add_argument("--ramp", type=float, default=30, help="seconds over which people arrive")
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--think", type=float, nargs=2, default=(3.0, 8.0), metavar=("MIN", "MAX"))
    parser.add_argument("--workers", type=int, default=0, help="gunicorn processes (default: lms/gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, default=0, help="threads per process (default: lms/gunicorn.conf.py's)")
    args = parser.parse_args()
    if not (
        1 <= args.users <= 1000
        and 0 <= args.burst <= args.users
        and 1 <= args.duration <= 600
        and 0 <= args.ramp <= 300
    ):
        sys.exit("bounded run: 1–1000 users, burst ≤ users, duration 1–600 s, ramp 0–300 s")
    env = configure(args)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    create_database()
    manage("migrate", "--noinput", env=env)
    manage("collectstatic", "--noinput", env=env)
    quiz, staff, cookies, csrf = build_fixture(args.users)
    from django.db import connections

    connections.close_all()
    global PORT
    PORT = free_port()
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "lms.wsgi",
            "-c",
            "lms/gunicorn.conf.py",
            "-b",
            f"127.0.0.1:{PORT}",
            *(["-w", str(args.workers)] if args.workers else []),
            *(["--threads", str(args.threads)] if args.threads else []),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    import redis

    redis.Redis.from_url(env["CELERY_BROKER_URL"]).flushdb()
    worker = subprocess.Popen(
        [
            "nice",
            "-n",
            "10",
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "lms",
            "worker",
            "--concurrency",
            "1",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
    )
    servers = {"gunicorn": gunicorn.pid, "worker": worker.pid}
    try:
        wait_for_server(gunicorn)
        conf = runpy.run_path(str(ROOT / "lms" / "gunicorn.conf.py"))
        workers, threads = args.workers or conf["workers"], args.threads or conf["threads"]
        warm_up(cookies[0], csrf, workers * threads * 4)
        print(
            f"{args.users} people, think {args.think[0]}–{args.think[1]} s, gunicorn {workers}×{threads} gthread, "
            f"{os.cpu_count()} CPUs"
        )
        began = time.monotonic()
        cpu_marks = []
        threading.Timer(args.ramp, lambda: cpu_marks.append(cpu_seconds(servers))).start()
        rec = Recorder(steady_from=began + args.ramp)
        stop = began + args.ramp + args.duration

        def shift(n, cookie):
            person = Person(cookie, csrf, rec)
            time.sleep(args.ramp * n / len(cookies) + random.uniform(0, args.think[1]))
            while time.monotonic() < stop:
                person.take_quiz(quiz.pk, tuple(args.think), stop)

        threads = [threading.Thread(target=shift, args=(n, c), daemon=True) for n, c in enumerate(cookies)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.ramp + args.duration + 60)
        report(f"Arrival: people join over the first {args.ramp:.0f} s (no goals)", rec.ramp, args.ramp, goals=False)
        cpu_marks.append(cpu_seconds(servers))
        steady = time.monotonic() - began - args.ramp
        report("Steady shift (all people in)", rec, steady)
        if len(cpu_marks) == 2:
            used = {k: cpu_marks[1][k] - cpu_marks[0][k] for k in cpu_marks[0]}
            print(
                "CPU used in the steady phase (cores busy on average): "
                + ", ".join(f"{k} {v / steady:.2f}" for k, v in used.items())
                + f"; machine load average {os.getloadavg()[0]:.1f}"
            )
        burst(args, quiz, staff, cookies, csrf, servers)
    finally:
        for server in (gunicorn, worker):
            server.terminate()
            server.wait(timeout=30)


def burst(args, quiz, staff, cookies, csrf, servers) -> None:
    """``--burst`` people with answered open attempts submit at the same instant."""
    if not args.burst:
        return
    from exams.attempts import attempt_save_answer, attempt_start, attempt_submit
    from exams.models import Attempt

    for attempt in Attempt.objects.filter(quiz=quiz, state="open"):
        attempt_submit(attempt_id=attempt.pk, staff=attempt.staff)
    paths = []
    for person in staff[: args.burst]:
        attempt = attempt_start(staff=person, quiz=quiz)
        for slot in attempt.layout:
            attempt_save_answer(attempt_id=attempt.pk, staff=person, question_id=slot["q"], raw=0)
        paths.append(f"/exams/attempt/{attempt.pk}/submit/")
    rec, barrier = Recorder(), threading.Barrier(args.burst)
    people = [Person(c, csrf, rec) for c in cookies[: args.burst]]

    handed_in, lock, at_last_submit = [], threading.Lock(), {}

    def submitted():
        with lock:
            handed_in.append(1)
            if len(handed_in) == args.burst:
                at_last_submit.update(cpu_seconds(servers))

    def go(person, path):
        barrier.wait()
        person.hand_in("burst submit", "burst result", path, submitted)

    threads = [threading.Thread(target=go, args=pair) for pair in zip(people, paths, strict=True)]
    before = cpu_seconds(servers)
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report(f"{args.burst} simultaneous final submits", rec, time.monotonic() - began)
    if at_last_submit:
        print(
            "CPU used until the last submit was answered (ms per submit): "
            + ", ".join(f"{k} {(v - before[k]) * 1000 / args.burst:.1f}" for k, v in at_last_submit.items())
            + f"; machine load average {os.getloadavg()[0]:.1f}"
        )
    finished = Attempt.objects.filter(pk__in=[int(p.split("/")[3]) for p in paths], state="finished")
    while finished.count() < args.burst and time.monotonic() - began < 120:
        time.sleep(0.1)
    print(f"all {args.burst} graded by the worker {time.monotonic() - began:.1f} s after the burst began")
    print(
        f"graded attempts after the burst: {finished.count()}/{args.burst}, "
        f"with a score: {finished.filter(score__isnull=False).count()}"
    )


if __name__ == "__main__":
    main()
