"""Benchmark: a full compliance report over 10,000 people and a year of ~600,000 events on PostgreSQL.

    python bench/compliance_report.py [--people 10000] [--rebuild]

Uses ``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/peixun_bench_compliance``; the
database is created and migrated if missing). The data is built once with COPY and reused; the script
prints the time and SQL query count of loading plus evaluating the report (goal: under 2 s).
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/peixun_bench_compliance"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
os.environ.setdefault("PEIXUN_VAR_DIR", "/tmp/peixun-bench-var")


def ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def build(n_people: int, year: int) -> None:
    from django.db import connection, transaction

    from compliance import periods
    from compliance.models import Launch, TrainingEvent
    from people.models import Branch, Hall, Staff

    rnd = random.Random(42)
    with transaction.atomic():
        TrainingEvent.objects.all().delete()
        Launch.objects.all().delete()
        Staff.objects.all().delete()
        Hall.objects.all().delete()
        Branch.objects.all().delete()
        branches = Branch.objects.bulk_create([Branch(code=f"B{i:02d}", name=f"分公司{i}") for i in range(20)])
        halls = Hall.objects.bulk_create(
            [Hall(code=f"H{i:04d}", name=f"营业厅{i}", branch=branches[i % 20]) for i in range(n_people // 25)]
        )
        staff = []
        for i in range(n_people):
            hired = datetime.date(2015, 1, 1) if i % 10 else datetime.date(year, 1 + i % 12, 1 + i % 28)
            left = datetime.date(year, 6, 30) if i % 50 == 1 else None
            staff.append(
                Staff(
                    staff_no=f"S{i:06d}",
                    name=f"员工{i}",
                    hall=halls[i % len(halls)],
                    post="counter",
                    is_backbone=i % 8 == 0,
                    hired_on=hired,
                    left_on=left,
                )
            )
        staff = Staff.objects.bulk_create(staff, batch_size=2000)
        launches = Launch.objects.bulk_create(
            [
                Launch(
                    code=f"L{i:02d}",
                    name=f"新业务{i}",
                    announced_at=periods.day_start(datetime.date(year, 1 + 2 * i, 10)),
                )
                for i in range(6)
            ]
        )
        mondays = periods.week_mondays_of_year(year)
        rows = []
        for s in staff:
            for w, monday in enumerate(mondays):
                if rnd.random() < 0.8:
                    at = periods.day_start(monday) + datetime.timedelta(hours=9 + s.pk % 8, days=s.pk % 5)
                    rows.append((s.pk, "weekly", at, "import", f"w{w}", "周培训", None))
            for m in range(12):
                at = periods.day_start(datetime.date(year, m + 1, 15)) + datetime.timedelta(hours=14)
                rows.append((s.pk, "centralized" if m % 3 == 2 else "plan", at, "import", f"p{m}", "计划培训", None))
                if s.is_backbone:
                    rows.append((s.pk, "backbone", at + datetime.timedelta(days=5), "import", f"b{m}", "骨干", None))
            for launch in launches:
                if rnd.random() < 0.9:
                    at = launch.announced_at + datetime.timedelta(hours=rnd.randint(1, 60))
                    rows.append((s.pk, "new_service", at, "import", f"n{launch.pk}", launch.name, launch.pk))
        columns = "staff_id, kind, occurred_at, source, source_ref, topic, launch_id"
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY compliance_trainingevent ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built {n_people} people, {len(halls)} halls, {len(rows)} events")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--evidence", action="store_true", help="Load every event (keeps evidence instants).")
    args = parser.parse_args()
    if os.environ["DATABASE_URL"].startswith("postgres"):
        ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from compliance import periods
    from compliance.models import ComplianceSettings, TrainingEvent
    from compliance.rules import report_evaluate
    from compliance.selectors import report_inputs
    from people.models import Staff

    call_command("migrate", verbosity=0)
    if args.rebuild or Staff.objects.count() != args.people:
        build(args.people, args.year)
    ComplianceSettings.load()
    as_of = periods.day_start(datetime.date(args.year, 12, 31)) + datetime.timedelta(hours=23)
    for attempt in range(3):
        with CaptureQueriesContext(connection) as queries:
            t0, c0 = time.perf_counter(), time.process_time()
            data = report_inputs(as_of=as_of, evidence=args.evidence)
            t1 = time.perf_counter()
            report = report_evaluate(
                people=data.people,
                events=data.events,
                facts=data.facts,
                launches=data.launches,
                as_of=as_of,
                thresholds=data.thresholds,
                with_halls=False,
            )
            t2, c2 = time.perf_counter(), time.process_time()
        bad = sum(1 for p in report.staff if not p.compliant)
        n_events = TrainingEvent.objects.count()
        print(
            f"run {attempt + 1}: {len(data.people)} people, {n_events} events: load {t1 - t0:.2f} s, "
            f"rules {t2 - t1:.2f} s, total {t2 - t0:.2f} s, {len(queries)} SQL queries, {bad} not compliant"
        )
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:2]
        print(f"   Python CPU time {c2 - c0:.2f} s (the rest of the wall time is PostgreSQL and waiting)")
        print("   slowest SQL: " + ", ".join(f"{q['time']} s {q['sql'][:40]!r}" for q in slowest))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work on the machine inflates times)")


if __name__ == "__main__":
    main()
