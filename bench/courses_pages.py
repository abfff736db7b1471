"""Print SQL queries and time per course page for a staff member, on the configured database.

Run after ``manage.py seed_demo`` (or ``load_curriculum``), e.g.
    DJANGO_SETTINGS_MODULE=lms.settings.dev python bench/courses_pages.py [--runs 20]
Each page is fetched once to warm the fragment cache, then ``--runs`` times; the figures are the
queries of one warm request (session and user lookups included) as a plain staff member and the median time.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from courses.models import CourseIndexPage, LessonPage, ModulePage  # noqa: E402
from people import roles  # noqa: E402
from people.models import Staff  # noqa: E402


def measure(client, url, runs):
    client.get(url)
    reset_queries()  # with DEBUG on the query log is capped; start each count from an empty log
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return status, len(queries), statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    staff = (
        Staff.objects.filter(user__groups__name=roles.STAFF, module_assignments__isnull=False)
        .exclude(user__groups__name__in=[roles.TRAINER, roles.HALL_MANAGER, roles.HR])
        .first()
    )
    if staff is None:
        sys.exit("No staff member with assigned modules: run manage.py seed_demo first.")
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff.user)
    urls = [("catalogue", CourseIndexPage.objects.get().url), ("my training", "/courses/my/")]
    urls += [(f"module {m.code}", m.url) for m in ModulePage.objects.live().order_by("path")]
    urls += [(f"lesson {p.slug}", p.url) for p in LessonPage.objects.live().order_by("path")]
    urls += [(f"search {q}", f"/search/?q={q}") for q in ("投诉", "指甲", "保密", "四个阶段")]
    print(f"as {staff.user.username} (role Staff only; editors also pay for the Wagtail user bar)")
    print(f"{'page':40} {'status':>6} {'queries':>7} {'median ms':>9}")
    for name, url in urls:
        status, queries, ms = measure(client, url, args.runs)
        print(f"{name:40} {status:>6} {queries:>7} {ms:>9.1f}")


if __name__ == "__main__":
    main()
