"""Benchmark: the Monday quiz tick (assignments plus notices) and the reminder tick on PostgreSQL.

    python bench/ticks.py [--sizes 5000 50000] [--history WEEKS] [--keep] [--sql]

Uses ``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/peixun_bench_ticks``; the database
is created and migrated, and dropped at the end unless ``--keep``). It builds the largest size of
employed staff with user accounts in bulk (half with an e-mail address, 1 % on leave that week, a hall
manager per 25 people), then for each size (the others hired only later) runs through the Celery tasks:
the Monday tick, the same tick again (nothing new), and the reminder tick on Sunday 01:00, when every
assignment is open and due within 24 h. It prints the time and SQL query count of each (goal: ≤ 10 s at
50,000, queries not growing with the size). ``--history 46`` first fills the earlier weeks of the year
(assignments and notices of everyone) so the tables are as big as in late November. The e-mail tasks each tick enqueues are then run in the
same process, as a worker would, and timed apart; they go to Django's in-memory backend.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/peixun_bench_ticks"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
os.environ.setdefault("PEIXUN_VAR_DIR", "/tmp/peixun-bench-var")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

MONDAY_8 = datetime.datetime(2026, 11, 23, 0, tzinfo=datetime.UTC)  # 08:00 in Shanghai, ISO week 2026-W48
LATER = datetime.date(2030, 1, 1)


def _admin_url(url: str) -> str:
    base, _name = url.rsplit("/", 1)
    return f"{base}/postgres"


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def build(n_people: int) -> None:
    """Make ``n_people`` staff with accounts (bulk inserts), the module quizzes, leave for 1 % that week."""
    from django.contrib.auth.models import Group, User
    from django.db import connection, transaction

    from compliance import periods
    from exams.models import Quiz
    from people import roles
    from people.models import Branch, Hall, Leave, Staff
    from people.posts import Post

    with transaction.atomic():
        for key in periods.QUIZ_MODULES:
            Quiz.objects.get_or_create(source_key=f"module:{key}", defaults={"title": f"{key} 测验", "pass_mark": 80})
        branch = Branch.objects.create(code="B01", name="分公司")
        halls = Hall.objects.bulk_create(
            [Hall(code=f"H{i:05d}", name=f"营业厅{i}", branch=branch) for i in range(max(1, n_people // 25))]
        )
        users = User.objects.bulk_create(
            [
                User(username=f"s{i:06d}", password="!", email=f"s{i:06d}@example.com" if i % 2 else "")
                for i in range(n_people)
            ]
        )
        staff = Staff.objects.bulk_create(
            [
                Staff(
                    staff_no=f"S{i:06d}",
                    name=f"员工{i}",
                    hall=halls[min(i // 25, len(halls) - 1)],
                    post=Post.HALL_MANAGER if i % 25 == 0 else Post.COUNTER,
                    hired_on=datetime.date(2020, 1, 1),
                    user=user,
                )
                for i, user in enumerate(users)
            ]
        )
        manager = Group.objects.get(name=roles.HALL_MANAGER)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group_id=manager.pk) for u in users[::25]]
        )
        monday = MONDAY_8.date()
        Leave.objects.bulk_create([Leave(staff=s, kind="sick", start=monday, end=monday) for s in staff[1::100]])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def employ(n: int) -> None:
    """Employ the first ``n`` staff (by number) and hire the others only later; forget the ticks' rows."""
    from django.db import connection

    from people.models import Staff

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE compliance_notification, exams_quizassignment CASCADE")
    numbers = Staff.objects.order_by("staff_no").values_list("staff_no", flat=True)
    cut = numbers[n] if n < Staff.objects.count() else None
    Staff.objects.update(hired_on=datetime.date(2020, 1, 1))
    if cut is not None:
        Staff.objects.filter(staff_no__gte=cut).update(hired_on=LATER)


HISTORY_SQL = """
WITH made AS (
  INSERT INTO exams_quizassignment (staff_id, quiz_id, due_at, period_key, kind, passed_at, created_at)
  SELECT s.id, %(quiz)s, %(due)s, %(key)s, 'weekly', %(due)s - interval '2 days', %(due)s - interval '7 days'
  FROM people_staff s WHERE s.hired_on <= %(day)s
  RETURNING id, staff_id, created_at
)
INSERT INTO compliance_notification (user_id, key, text, url, created_at)
SELECT s.user_id, 'quiz-assigned:' || made.id, '本周测验', '', made.created_at
FROM made JOIN people_staff s ON s.id = made.staff_id
"""


def history(weeks: int, before: datetime.date) -> None:
    """Give everyone employed ``weeks`` earlier weekly assignments (passed) and their notices, as a year would."""
    from django.db import connection

    from compliance import periods
    from exams.models import Quiz

    quizzes = dict(Quiz.objects.values_list("source_key", "pk"))
    with connection.cursor() as cursor:
        for w in range(1, weeks + 1):
            day = before - datetime.timedelta(weeks=w)
            params = {
                "quiz": quizzes[f"module:{periods.weekly_quiz_module(day)}"],
                "due": periods.week_due(day),
                "key": f"weekly:{periods.week_code(day)}",
                "day": day,
            }
            cursor.execute(HISTORY_SQL, params)
        cursor.execute("ANALYZE")


def measure(label: str, run) -> tuple:
    """Run a tick; queue its e-mail tasks instead of sending them, then run those as a worker would."""
    from unittest import mock

    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notices.tasks import notices_mail_task

    mail.outbox, queued = [], []
    with mock.patch.object(notices_mail_task, "delay", lambda *args: queued.append(args)):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            result = run()
            elapsed = time.perf_counter() - t0
    t0 = time.perf_counter()
    for args in queued:
        notices_mail_task(*args)
    mailing = time.perf_counter() - t0
    return label, result, elapsed, len(queries), (len(queued), len(mail.outbox), mailing), queries.captured_queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--sql", action="store_true", help="Print each statement's time.")
    parser.add_argument("--history", type=int, default=0, help="Weeks of earlier assignments and notices.")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        sys.exit("bench/ticks.py needs PostgreSQL (DATABASE_URL=postgres://...)")
    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    from compliance import periods
    from compliance.tasks import quiz_reminders_tick, weekly_quizzes_tick
    from exams.models import QuizAssignment
    from notices.models import Notification
    from people.models import Staff

    try:
        call_command("migrate", verbosity=0)
        if Staff.objects.count() != max(args.sizes):
            build(max(args.sizes))
        monday = MONDAY_8.isoformat()
        sunday_1am = (periods.week_due(MONDAY_8.date()) - datetime.timedelta(hours=23)).isoformat()
        for size in sorted(args.sizes):
            employ(size)
            history(args.history, MONDAY_8.date())
            runs = [
                measure("Monday tick", lambda: weekly_quizzes_tick(at=monday)),
                measure("Monday tick again", lambda: weekly_quizzes_tick(at=monday)),
                measure("reminder tick", lambda: quiz_reminders_tick(at=sunday_1am)),
            ]
            print(
                f"{size} employed: {QuizAssignment.objects.count()} assignments, {Notification.objects.count()} notices"
            )
            for label, result, elapsed, n_queries, (tasks, mails, mailing), captured in runs:
                print(
                    f"  {label:18} {elapsed:6.2f} s  {n_queries:2d} SQL queries  {result:6d} new;"
                    f"  then {tasks:3d} e-mail tasks: {mails:6d} e-mails in {mailing:5.2f} s of worker time"
                )
                if args.sql:
                    for q in captured:
                        print(f"      {q['time']} s  {q['sql'][:90]!r}")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work inflates times)")
    finally:
        if not args.keep:
            drop_database(url)


if __name__ == "__main__":
    main()
