"""Data migration exams/0007: rows made under the one-event-per-quiz model move to per-assignment work."""

import datetime
from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [("exams", "0005_attempt_handed_in"), ("people", "0002_roles")]
UTC = datetime.UTC


def at(month, day, hour=9):
    return datetime.datetime(2026, month, day, hour, tzinfo=UTC)


def _old_rows(apps):
    """Three people as the old model left them: attempts per quiz, one ``quiz:<id>`` event each."""
    User, Branch, Hall, Staff = (
        apps.get_model(*m.split(".")) for m in ("auth.User", "people.Branch", "people.Hall", "people.Staff")
    )
    Quiz, QuizAssignment, Attempt = (apps.get_model("exams", m) for m in ("Quiz", "QuizAssignment", "Attempt"))
    Launch, TrainingEvent = apps.get_model("compliance", "Launch"), apps.get_model("compliance", "TrainingEvent")
    hall = Hall.objects.create(code="MH", name="迁移厅", branch=Branch.objects.create(code="MB", name="迁移分公司"))
    people = {
        key: Staff.objects.create(
            staff_no=key,
            name=key,
            hall=hall,
            post="counter",
            hired_on=datetime.date(2020, 1, 1),
            user=User.objects.create(username=f"mig-{key}"),
        )
        for key in ("S", "T", "U")
    }
    quizzes = {
        method: Quiz.objects.create(title=f"{method} 测验", grading_method=method, pass_mark=60, event_kind="weekly")
        for method in ("highest", "last", "average")
    }
    launch = Launch.objects.create(code="5G", name="5G 套餐", announced_at=at(3, 10))

    def assign(staff, quiz, key, start, due):
        a = QuizAssignment.objects.create(staff=people[staff], quiz=quizzes[quiz], due_at=due, period_key=key)
        QuizAssignment.objects.filter(pk=a.pk).update(created_at=start)
        return a.pk

    ids = {
        "S-W10": assign("S", "highest", "weekly:2026-W10", at(3, 2, 0), at(3, 8, 16)),
        "S-W14": assign("S", "highest", "weekly:2026-W14", at(3, 30, 0), at(4, 5, 16)),
        "T-5G": assign("T", "last", "launch:5G", at(3, 10), at(3, 12)),
        "U-M3": assign("U", "average", "backbone:2026-03", at(3, 1, 0), at(3, 31, 16)),
    }
    attempts = {}

    def attempt(key, staff, quiz, number, started, score):
        row = Attempt.objects.create(
            staff=people[staff],
            quiz=quizzes[quiz],
            number=number,
            state="finished",
            started_at=started,
            finished_at=started + datetime.timedelta(minutes=10),
            score=score,
            layout=[],
        )
        attempts[key] = (row.pk, row.finished_at)

    attempt("S1", "S", "highest", 1, at(2, 20), 100)  # before any window: stays practice
    attempt("S2", "S", "highest", 2, at(3, 3), 40)
    attempt("S3", "S", "highest", 3, at(3, 4), 80)  # W10 passes by its best attempt
    attempt("S4", "S", "highest", 4, at(3, 31), 90)  # W14
    attempt("T1", "T", "last", 1, at(3, 11), 90)
    attempt("U1", "U", "average", 1, at(2, 25), 100)  # practice
    attempt("U2", "U", "average", 2, at(3, 5), 40)  # the month's only attempt: average 40 fails

    def legacy(staff, quiz, attempt_key, score):
        TrainingEvent.objects.create(
            staff=people[staff],
            kind="weekly",
            occurred_at=attempts[attempt_key][1],
            source="quiz",
            source_ref=f"quiz:{quizzes[quiz].pk}",
            topic="旧记录",
            score=score,
        )

    legacy("S", "highest", "S1", 100)  # decided by a practice attempt: kept
    legacy("T", "last", "T1", 90)  # decided by an attempt now of the launch assignment: replaced
    legacy("U", "average", "U2", 70)  # decided by U2, now of a failed assignment: withdrawn
    return {p: s.pk for p, s in people.items()}, {q: z.pk for q, z in quizzes.items()}, ids, attempts, launch.pk


def test_old_attempts_move_to_the_assignment_whose_window_holds_them_with_one_event_each(transactional_db):
    from evidence.models import TrainingEvent
    from exams.models import Attempt, QuizAssignment

    executor = MigrationExecutor(connection)
    executor.migrate(OLD)
    executor.loader.build_graph()
    graph = executor.loader.graph
    old_apps = executor.loader.project_state([n for n in executor.loader.applied_migrations if n in graph.nodes]).apps
    people, quizzes, ids, attempts, launch_id = _old_rows(old_apps)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = {
        key: Attempt.objects.values_list("assignment_id", "number").get(pk=pk) for key, (pk, _t) in attempts.items()
    }
    assert moved == {
        "S1": (None, 1),
        "S2": (ids["S-W10"], 1),
        "S3": (ids["S-W10"], 2),
        "S4": (ids["S-W14"], 1),
        "T1": (ids["T-5G"], 1),
        "U1": (None, 1),
        "U2": (ids["U-M3"], 1),
    }
    assignments = {a.pk: a for a in QuizAssignment.objects.all()}
    assert {key: (assignments[pk].kind, assignments[pk].passed_at) for key, pk in ids.items()} == {
        "S-W10": ("weekly", attempts["S3"][1]),
        "S-W14": ("weekly", attempts["S4"][1]),
        "T-5G": ("launch", attempts["T1"][1]),
        "U-M3": ("backbone", None),
    }
    events = {
        (e.staff_id, e.source_ref): (e.kind, e.occurred_at, e.score, e.launch_id)
        for e in TrainingEvent.objects.filter(source="quiz")
    }
    assert events == {
        (people["S"], f"quiz:{quizzes['highest']}"): ("weekly", attempts["S1"][1], Decimal(100), None),
        (people["S"], f"assignment:{ids['S-W10']}"): ("weekly", attempts["S3"][1], Decimal(80), None),
        (people["S"], f"assignment:{ids['S-W14']}"): ("weekly", attempts["S4"][1], Decimal(90), None),
        (people["T"], f"assignment:{ids['T-5G']}"): ("new_service", attempts["T1"][1], Decimal(90), launch_id),
    }
