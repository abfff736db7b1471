"""Benchmark: a staff import of 100,000 new people (CSV made here) on PostgreSQL, through every import limit.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/peixun_bench_import python bench/staff_import.py \
        [--people 100000] [--baseline 10000]

The database (its own: created and migrated if missing) is emptied of people and logins first. The CSV goes through what the
admin's confirm does: ``read_table`` (size and row limits), ``validate_rows``, ``staff_import_apply`` (one
transaction, batched writes). Prints the seconds of each phase and the process's peak memory after it (getrusage),
then the same for the re-import of the same file (nothing changes). The CPU seconds are this process's
(not PostgreSQL's): on a shared machine they show how much of the wall time was waiting for a core. ``--baseline N`` first runs the same at
N people in a child process, so both figures come from the same run. Goal (issue 14 item 6): 100,000 rows
in ≤ 60 s.
"""

import argparse
import datetime
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
os.environ.setdefault("PEIXUN_VAR_DIR", "/tmp/peixun-bench-var")
GOAL_SECONDS = 60


def staff_csv(n: int) -> bytes:
    from people.imports import HEADER

    posts = ["综合受理", "前台销售", "投诉接待"]
    lines = [",".join(HEADER)]
    for i in range(n):
        hall = i // 25
        lines.append(
            f"B{i:06d},员工{i},BR{hall % 20:02d},H{hall:04d},营业厅{hall},{posts[i % 3]},{int(i % 10 == 0)},2021-03-01,"
        )
    return ("\n".join(lines) + "\n").encode()


def ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def empty() -> None:
    """Remove every person, place and login: TRUNCATE (the ORM's cascade takes minutes at 100,000 people).

    The bench database is the bench's own: nothing else in it survives either.
    """
    from django.contrib.auth import get_user_model
    from django.db import connection

    from people.models import Branch, Hall, Leave, Staff, StaffChange

    models = (Leave, StaffChange, Staff, Hall, Branch, get_user_model())
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(m._meta.db_table for m in models)} CASCADE")


def peak_rss() -> float:
    """The process's peak resident memory so far, MiB (``getrusage``: no cost while measuring)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measured(label: str, func):
    started, cpu = time.perf_counter(), time.process_time()
    result = func()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"  {label:<24} {seconds:7.2f} s (CPU {cpu:6.2f} s)   process peak RSS {peak_rss():6.0f} MiB", flush=True)
    return result, seconds


def run(n: int) -> float:
    from people.imports import HEADER, read_table, validate_rows
    from people.models import Staff
    from people.services import staff_import_apply

    empty()
    data = staff_csv(n)
    today = datetime.date(2026, 6, 1)
    print(f"{n:,} people, CSV {len(data) / 2**20:.1f} MiB; before importing: process peak RSS {peak_rss():.0f} MiB")
    total = 0.0
    for round_ in ("first import", "same file again"):
        print(f" {round_}:")
        table, s1 = measured("read_table (limits)", lambda: read_table(data, "staff.csv", HEADER))
        (rows, errors), s2 = measured("validate_rows", lambda t=table: validate_rows(t, today=today))
        assert not errors, errors[:3]
        plan, s3 = measured("staff_import_apply", lambda r=rows: staff_import_apply(rows=r, today=today))
        assert not plan.errors, plan.errors[:3]
        seconds = s1 + s2 + s3
        print(
            f"  {'total':<28} {seconds:7.2f} s   created {len(plan.create):,}, updated {len(plan.update):,}, "
            f"unchanged {plan.unchanged:,}"
        )
        total = total or seconds
    assert Staff.objects.filter(staff_no__startswith="B", user__isnull=False).count() == n
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=10_000, help="0 for none")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point to PostgreSQL (e.g. postgres://postgres@127.0.0.1:5432/peixun_bench_import)")
    if args.baseline:
        subprocess.run([sys.executable, __file__, "--people", str(args.baseline), "--baseline", "0"], check=True)
        print()
    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    seconds = run(args.people)
    if args.people >= 100_000:
        verdict = "met" if seconds <= GOAL_SECONDS else "NOT met"
        print(f"goal ≤ {GOAL_SECONDS} s for {args.people:,} rows: {verdict} ({seconds:.1f} s)")


if __name__ == "__main__":
    main()
