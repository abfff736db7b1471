"""Existing rows move to the per-assignment model (training-policy.md, "Each assignment is its own piece of work").

- An assignment's kind follows its period key (``weekly:``, ``backbone:``, ``launch:``; otherwise hand-made).
- Each attempt goes to the assignment of the same person and quiz whose window holds its start (from the
  assignment's creation to its due time; the earliest due first); attempts no window holds stay practice.
  Attempts are numbered per assignment in the order they were started.
- Each passed assignment gets its own training event (``assignment:<id>``) dated by the deciding attempt,
  and ``passed_at`` (the same grade, kinds and deciding attempt as ``exams.evidence.assignment_grade_sync``).
  A quiz's old one-per-quiz event (``quiz:<id>``) goes when its deciding attempt (the attempt it is dated
  by) now belongs to an assignment, whose own event, if its grade passes, replaces it; otherwise it stays
  as the evidence it was when recorded.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import migrations

from exams.grading import final_grade

KIND_BY_PREFIX = {"weekly": "weekly", "backbone": "backbone", "launch": "launch"}
EVENT_KIND = {"backbone": "backbone", "launch": "new_service"}


def _deciding(finished, grade, method):
    if method == "first":
        return finished[0]
    if method == "highest":
        return next((a for a in finished if float(a.score) == grade), finished[-1])
    return finished[-1]


def forward(apps, schema_editor):
    QuizAssignment = apps.get_model("exams", "QuizAssignment")
    Attempt = apps.get_model("exams", "Attempt")
    Launch = apps.get_model("compliance", "Launch")
    TrainingEvent = apps.get_model("compliance", "TrainingEvent")

    for prefix, kind in KIND_BY_PREFIX.items():
        QuizAssignment.objects.filter(period_key__startswith=prefix + ":").update(kind=kind)

    windows = defaultdict(list)
    for a in QuizAssignment.objects.order_by("due_at", "pk"):
        windows[(a.staff_id, a.quiz_id)].append(a)
    moved = defaultdict(list)
    for attempt in Attempt.objects.filter(assignment__isnull=True).order_by("started_at", "pk"):
        for a in windows.get((attempt.staff_id, attempt.quiz_id), ()):
            if a.created_at <= attempt.started_at <= a.due_at:
                moved[a.pk].append(attempt)
                break
    assignments = {a.pk: a for group in windows.values() for a in group}
    for assignment_id, attempts in moved.items():
        for number, attempt in enumerate(attempts, 1):
            attempt.assignment_id, attempt.number = assignment_id, 10000 + number
        Attempt.objects.bulk_update(attempts, ["assignment", "number"])
        for attempt in attempts:
            attempt.number -= 10000
        Attempt.objects.bulk_update(attempts, ["number"])

    launches = {launch.code: launch for launch in Launch.objects.all()}
    for assignment_id, attempts in moved.items():
        a = assignments[assignment_id]
        quiz = a.quiz
        finished = sorted((x for x in attempts if x.state == "finished" and x.score is not None), key=lambda x: x.number)
        grade = final_grade([float(x.score) for x in finished], quiz.grading_method)
        if grade is None or Decimal(str(grade)) < quiz.pass_mark:
            continue
        deciding = _deciding(finished, grade, quiz.grading_method)
        launch = None
        if a.kind == "launch":
            ref = a.period_key.removeprefix("launch:")
            launch = (
                Launch.objects.filter(pk=int(ref[1:])).first() if ref.startswith("#") else launches.get(ref)
            )
        TrainingEvent.objects.update_or_create(
            staff_id=a.staff_id,
            source="quiz",
            source_ref=f"assignment:{a.pk}",
            defaults={
                "kind": EVENT_KIND.get(a.kind, quiz.event_kind),
                "occurred_at": deciding.finished_at,
                "topic": quiz.title[:200],
                "launch": launch,
                "score": Decimal(str(grade)),
            },
        )
        a.passed_at = deciding.finished_at
        a.save(update_fields=["passed_at"])

    # A legacy event is dated by its deciding attempt's finish: once that attempt belongs to an assignment,
    # the assignment's own event (if its grade passes) is the evidence instead.
    decided_in_assignment = {
        (x.staff_id, f"quiz:{x.quiz_id}", x.finished_at) for attempts in moved.values() for x in attempts if x.finished_at
    }
    legacy = TrainingEvent.objects.filter(source="quiz", source_ref__startswith="quiz:")
    stale = [
        pk
        for pk, staff_id, ref, at in legacy.values_list("pk", "staff_id", "source_ref", "occurred_at")
        if (staff_id, ref, at) in decided_in_assignment
    ]
    TrainingEvent.objects.filter(pk__in=stale).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exams", "0006_attempts_per_assignment"),
        ("compliance", "0005_quiz_schedules"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
