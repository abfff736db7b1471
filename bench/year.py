"""Benchmark: a simulated year for a branch of 2,000 people, through the real beat tasks.

    python bench/year.py [--people 2000] [--weeks 53] [--start 01-01] [--year 2026] [--seed 7]

Uses ``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/peixun_bench_year``; the database is
dropped, created and migrated each run). The clock (time-machine) moves day by day from 1 January: the
beat stand-in of the tests (``tests.beat.Beat``) fires every scheduled task that is due at 08:00 and at
23:00 (the weekly and monthly quiz ticks, the quiz and launch reminders, the overdue/grading sweep), and
on each Monday and each 1st at 10:00 people act at random on what was assigned to them: most pass at the
first try, some fail and retake, some fail for good, some never start. Some are on leave, some become
backbone during the year, a few launches are announced. Celery tasks run in-process (eager).

Prints the time per simulated week (ticks and people apart) and per tick (each task: runs, mean, max),
and at the end the compliance report for the year as of the following 10 January, timed, with its
verdict counts.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/peixun_bench_year"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
os.environ.setdefault("PEIXUN_VAR_DIR", "/tmp/peixun-bench-var")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

MODULES = ("etiquette", "grooming", "complaint", "security")


def recreate_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build(n_people: int, year: int, rnd: random.Random) -> list:
    """A branch of ``n_people`` in halls of 25, the four module quizzes, leave and backbone changes."""
    from django.contrib.auth import get_user_model

    from exams.bank import bank_import
    from exams.formats.model import ChoiceData, QuestionData
    from exams.models import QuestionCategory, Quiz, QuizSlot
    from people.models import Branch, Hall, Leave, LeaveKind, Staff, StaffChange

    bank_import(
        [
            QuestionData(
                type="single",
                key=f"{module}-{n}",
                text=f"{module} 第{n}题",
                category=(module,),
                choices=[ChoiceData("对", 1.0), ChoiceData("错", 0.0), ChoiceData("不知道", 0.0)],
            )
            for module in MODULES
            for n in range(12)
        ]
    )
    for module in MODULES:
        quiz = Quiz.objects.create(
            title=f"{module} 测验",
            source_key=f"module:{module}",
            pass_mark=80,
            attempts_allowed=3,
            event_kind="onboarding" if module == "security" else "plan",
        )
        QuizSlot.objects.create(quiz=quiz, category=QuestionCategory.objects.get(path=module), count=4)
    branch = Branch.objects.create(code="QC", name="青城分公司")
    halls = Hall.objects.bulk_create(
        [Hall(code=f"QC{i:03d}", name=f"营业厅{i}", branch=branch) for i in range(max(1, n_people // 25))]
    )
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"Y{i:05d}", email=f"y{i}@example.com") for i in range(n_people)])
    staff = Staff.objects.bulk_create(
        [
            Staff(
                staff_no=f"Y{i:05d}",
                name=f"员工{i}",
                hall=halls[i % len(halls)],
                post="counter",
                is_backbone=i % 10 == 0,
                hired_on=datetime.date(year - 3, 1, 1) if i % 20 else datetime.date(year, rnd.randint(1, 12), 1),
                user=users[i],
            )
            for i in range(n_people)
        ]
    )
    StaffChange.objects.bulk_create(
        [
            StaffChange(staff=s, effective_on=s.hired_on, hall=s.hall, post=s.post, is_backbone=s.is_backbone)
            for s in staff
        ]
    )
    leaves = []
    for s in rnd.sample(staff, n_people // 20):
        start = datetime.date(year, 1, 1) + datetime.timedelta(days=rnd.randint(0, 300))
        kind = rnd.choice(list(LeaveKind))
        days = 98 if kind == LeaveKind.MATERNITY else rnd.randint(1, 14)
        leaves.append(Leave(staff=s, kind=kind, start=start, end=start + datetime.timedelta(days=days - 1)))
    Leave.objects.bulk_create(leaves)
    return staff


class Actor:
    """What one person does with an assignment, drawn once per person: diligent, retaker, careless, absent."""

    KINDS = (("diligent", 0.7), ("retaker", 0.15), ("careless", 0.1), ("absent", 0.05))

    def __init__(self, rnd: random.Random):
        self.rnd = rnd

    def plan(self) -> list[bool]:
        """The tries of one assignment: True = answers right."""
        kind = self.rnd.choices([k for k, _w in self.KINDS], [w for _k, w in self.KINDS])[0]
        return {"diligent": [True], "retaker": [False, True], "careless": [False, False], "absent": []}[kind]


def answers(attempt, *, right: bool) -> dict[int, int]:
    return {
        slot["q"]: slot["o"].index("对") if right else next(i for i, o in enumerate(slot["o"]) if o != "对")
        for slot in attempt.layout
    }


def act(beat, rnd: random.Random, people_acted: Counter) -> None:
    from exams.attempts import AttemptError, attempt_hand_in, attempt_save_answers, attempt_start
    from exams.models import QuizAssignment

    actor = Actor(rnd)
    open_ = QuizAssignment.objects.filter(passed_at__isnull=True, due_at__gt=beat.now, attempts__isnull=True)
    for a in open_.select_related("quiz", "staff"):
        for right in actor.plan():
            try:
                attempt = attempt_start(staff=a.staff, quiz=a.quiz, assignment=a)
            except AttemptError:
                people_acted["refused"] += 1
                break
            attempt_save_answers(attempt_id=attempt.pk, staff=a.staff, answers=answers(attempt, right=right))
            attempt_hand_in(attempt_id=attempt.pk, staff=a.staff)
            people_acted["attempts"] += 1


def summary(week_rows, beat, acted, people: int) -> None:
    """Print the figures so far: time of the ticks per simulated week and of each task per run."""
    print(f"\nsimulated {len(week_rows)} weeks for {people} people ({acted['attempts']} attempts)")
    ticks = [w[1] for w in week_rows]
    print(
        f"ticks per simulated week: mean {statistics.fmean(ticks):.2f} s, median {statistics.median(ticks):.2f} s, "
        f"max {max(ticks):.2f} s"
    )
    print(f"people's quiz work per week (not a goal): mean {statistics.fmean(w[2] for w in week_rows):.1f} s")
    print(f"\n{'task':48} {'runs':>5} {'mean ms':>9} {'max ms':>9}")
    for name, times in sorted(beat.durations.items()):
        print(f"{name:48} {len(times):5d} {statistics.fmean(times) * 1000:9.1f} {max(times) * 1000:9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=53, help="how many weeks to simulate")
    parser.add_argument(
        "--start", default="01-01", help="first simulated day (MM-DD), e.g. 10-26 for the turn of the year"
    )
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    recreate_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from compliance.selectors import report_build
    from compliance.services import launch_announce
    from evidence.models import Launch
    from people.services import staff_change_record
    from tests.beat import Beat, local

    rnd = random.Random(args.seed)
    t0 = time.perf_counter()
    staff = build(args.people, args.year, rnd)
    print(f"built {args.people} people in {len(staff) // 25 or 1} halls in {time.perf_counter() - t0:.1f} s")
    promote = {
        datetime.date(args.year, rnd.randint(2, 11), rnd.randint(1, 28)): s
        for s in rnd.sample([s for s in staff if not s.is_backbone], args.people // 50)
    }
    launch_days = {datetime.date(args.year, m, rnd.randint(1, 28)) for m in (2, 5, 8, 11)} | {
        datetime.date(args.year, 12, 31)
    }

    week_rows = []
    acted = Counter()
    month, day_of_month = (int(x) for x in args.start.split("-"))
    start = datetime.date(args.year, month, day_of_month)
    end = start + datetime.timedelta(weeks=args.weeks)
    with Beat(local(start.year, start.month, start.day), on_commit=None) as beat:
        day, week_ticks, week_people, week_started = start, 0.0, 0.0, start
        while day < end:
            t = time.perf_counter()
            beat.tick(local(day.year, day.month, day.day, 8))
            week_ticks += time.perf_counter() - t
            if day in promote:
                s = promote.pop(day)
                staff_change_record(staff=s, effective_on=day, hall=s.hall, post=s.post, is_backbone=True)
            if day.weekday() == 0 or day.day == 1:
                beat.move_to(local(day.year, day.month, day.day, 10))
                t = time.perf_counter()
                act(beat, rnd, acted)
                week_people += time.perf_counter() - t
            if day in launch_days:
                beat.move_to(local(day.year, day.month, day.day, 20))
                launch = Launch.objects.create(
                    code=f"L{day:%m%d}", name=f"新业务 {day:%m-%d}", announced_at=beat.now, quiz_ref="module:security"
                )
                launch_announce(launch=launch)
            t = time.perf_counter()
            beat.tick(local(day.year, day.month, day.day, 23))
            week_ticks += time.perf_counter() - t
            day += datetime.timedelta(days=1)
            if day.weekday() == 0:
                week_rows.append((week_started, week_ticks, week_people))
                print(
                    f"week of {week_started}: ticks {week_ticks:6.2f} s, people {week_people:6.1f} s "
                    f"({acted['attempts']} attempts so far)",
                    flush=True,
                )
                week_ticks, week_people, week_started = 0.0, 0.0, day
                if len(week_rows) % 4 == 0:
                    summary(week_rows, beat, acted, args.people)

    summary(week_rows, beat, acted, args.people)

    as_of = local(args.year + 1, 1, 10, 12)
    t = time.perf_counter()
    report = report_build(as_of=as_of, year=args.year, with_halls=False, evidence=False)
    spent = time.perf_counter() - t
    statuses = Counter()
    for r in report.staff:
        for rule in ("weekly", "annual", "backbone", "new_service", "onboarding"):
            statuses[(rule, getattr(r, rule).status)] += 1
    print(f"\ncompliance report {args.year} as of {as_of:%Y-%m-%d}: {spent:.2f} s for {len(report.staff)} people")
    for (rule, status), n in sorted(statuses.items()):
        print(f"  {rule:12} {status:12} {n:6d}")


if __name__ == "__main__":
    main()
