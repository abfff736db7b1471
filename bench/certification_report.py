"""Benchmark: the certification report (``certification_report --format json``) for 50,000 people and three
programs on PostgreSQL.

    python bench/certification_report.py [--people 50000] [--baseline 5000] [--rebuild]

Each size has its own database (``DATABASE_URL`` with ``_<people>`` appended; default
``postgres://postgres@127.0.0.1:5432/cert_bench_<people>``, created and migrated if missing), built once
with COPY and reused: posts spread over the hall posts, 1 in 10 people with a second history row (a post
change in the year), three programs (all posts; counter and front desk; complaint), and ~1.4 certificates
per person (some renewed, some expired, 1 in 50 revoked). The report is as of 2026-07-15 (issue 13: ≤ 2 s
with a constant number of queries). ``--baseline N`` first runs the same at N people in a child process,
so both figures, and both query counts, come from the same run on the same machine.
"""

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cert_bench"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
os.environ.setdefault("PEIXUN_VAR_DIR", "/tmp/peixun-bench-var")
POSTS = ["counter", "counter", "front_desk", "front_desk", "complaint", "greeter", "retention", "hall_manager"]
AS_OF = datetime.date(2026, 7, 15)


def ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def build(n_people: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from certification.models import Certificate, Program
    from people.models import Branch, Hall, Staff, StaffChange

    rnd = random.Random(13)
    with transaction.atomic():
        Certificate.objects.all().delete()
        Program.objects.all().delete()
        StaffChange.objects.all().delete()
        Staff.objects.all().delete()
        Hall.objects.all().delete()
        Branch.objects.all().delete()
        branches = Branch.objects.bulk_create([Branch(code=f"B{i:02d}", name=f"分公司{i}") for i in range(20)])
        halls = Hall.objects.bulk_create(
            [Hall(code=f"H{i:04d}", name=f"营业厅{i}", branch=branches[i % 20]) for i in range(n_people // 25)]
        )
        staff = Staff.objects.bulk_create(
            [
                Staff(
                    staff_no=f"S{i:06d}",
                    name=f"员工{i}",
                    hall=halls[i % len(halls)],
                    post=POSTS[i % len(POSTS)],
                    hired_on=datetime.date(2015, 1, 1) if i % 20 else datetime.date(2026, 1 + i % 7, 1 + i % 28),
                    left_on=datetime.date(2026, 3, 31) if i % 50 == 1 else None,
                )
                for i in range(n_people)
            ],
            batch_size=2000,
        )
        programs = [
            Program.objects.create(code="SEC", name="安全保密上岗认证", posts=[]),
            Program.objects.create(code="CTR", name="综合受理上岗认证", posts=["counter", "front_desk"]),
            Program.objects.create(code="CMP", name="投诉接待上岗认证", posts=["complaint"]),
        ]
        now = timezone.now()
        changes, certificates, number = [], [], 0
        for i, s in enumerate(staff):
            first_post = "greeter" if i % 10 == 3 else s.post
            changes.append((s.pk, s.hired_on, s.hall_id, first_post, False, now))
            if i % 10 == 3:
                changes.append((s.pk, datetime.date(2026, 5, 1 + i % 28), s.hall_id, s.post, False, now))
            for program in programs:
                if program.posts and s.post not in program.posts or rnd.random() < 0.15:
                    continue
                issued = datetime.date(2024, 1, 1) + datetime.timedelta(days=rnd.randint(0, 900))
                rounds = 2 if rnd.random() < 0.3 else 1
                for _round in range(rounds):
                    number += 1
                    expires = issued.replace(year=issued.year + 2, day=min(issued.day, 28))
                    revoked = now if rnd.random() < 0.02 else None
                    certificates.append(
                        (
                            f"SG-{issued.year}-{number:06d}",
                            program.pk,
                            s.pk,
                            issued,
                            expires,
                            "earned",
                            "{}",
                            revoked,
                            "",
                            now,
                        )
                    )
                    issued = expires - datetime.timedelta(days=rnd.randint(0, 50))
        with connection.cursor() as cursor:
            columns = "staff_id, effective_on, hall_id, post, is_backbone, recorded_at"
            with cursor.cursor.copy(f"COPY people_staffchange ({columns}) FROM STDIN") as copy:
                for row in changes:
                    copy.write_row(row)
            columns = (
                "number, program_id, staff_id, issued_on, expires_on, source, evidence, revoked_at, revoke_reason, "
                "created_at"
            )
            with cursor.cursor.copy(f"COPY certification_certificate ({columns}) FROM STDIN") as copy:
                for row in certificates:
                    copy.write_row(row)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built {n_people} people, {len(changes)} history rows, {len(certificates)} certificates, 3 programs")


def measure(args) -> tuple[float, int]:
    """Build (once) and time the report at ``args.people``; return the best time and its query count."""
    os.environ["DATABASE_URL"] = f"{os.environ.get('DATABASE_URL', DEFAULT_URL)}_{args.people}"
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certification.models import Certificate, Program
    from certification.reports import report_build
    from people.models import Staff

    call_command("migrate", verbosity=0)
    if args.rebuild or Staff.objects.count() != args.people or not Certificate.objects.exists():
        build(args.people)
    best, count = float("inf"), 0
    for attempt in range(3):
        with CaptureQueriesContext(connection) as queries:
            t0, c0 = time.perf_counter(), time.process_time()
            report = report_build(day=AS_OF, programs=list(Program.objects.filter(active=True).order_by("code")))
            t1 = time.perf_counter()
            text = json.dumps(report, ensure_ascii=False)
            t2, c2 = time.perf_counter(), time.process_time()
        best, count = min(best, t2 - t0), len(queries)
        rows = sum(len(p["programs"]) for p in report["staff"])
        print(
            f"[{args.people}] run {attempt + 1}: {len(report['staff'])} people, {rows} statuses: build {t1 - t0:.2f} s, "
            f"JSON {t2 - t1:.2f} s ({len(text) / 1e6:.1f} MB), total {t2 - t0:.2f} s, {len(queries)} SQL queries; "
            f"Python CPU {c2 - c0:.2f} s, SQL {sum(float(q['time']) for q in queries.captured_queries):.2f} s"
        )
    return best, count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--baseline", type=int, default=5_000, help="Also time this size first (0: none).")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--best-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    base = None
    if args.baseline and args.baseline != args.people:
        cmd = [sys.executable, __file__, "--people", str(args.baseline), "--baseline", "0", "--best-only"]
        out = subprocess.run(cmd + ["--rebuild"] * args.rebuild, check=True, capture_output=True, text=True).stdout
        print(out, end="")
        *_words, seconds, queries = out.strip().splitlines()[-1].split()
        base = (float(seconds), int(queries))
    best, count = measure(args)
    if args.best_only:
        print(f"best {best:.3f} {count}")
        return
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work on the machine inflates times)")
    print(f"best of 3 at {args.people} people: {best:.2f} s, {count} queries (goal ≤ 2 s)", end="")
    if base is not None:
        print(f"; at {args.baseline} people: {base[0]:.2f} s, {base[1]} queries")
    else:
        print()


if __name__ == "__main__":
    main()
