"""An assignment's grade as training evidence: one event per passed assignment (``assignment:<id>``).

The final grade comes from the assignment's finished attempts by the quiz's grading method; while it
passes, one training event is kept, dated by the deciding attempt, and ``passed_at`` holds that time.
When it no longer passes (a regrade, an essay mark) that event is withdrawn and ``passed_at`` cleared;
other assignments' events are never touched. Practice attempts (no assignment) are no evidence.
"""

from __future__ import annotations

from decimal import Decimal

from evidence.models import EventKind, EventSource, Launch
from evidence.services import training_event_record, training_event_withdraw

from . import grading
from .models import AssignmentKind, Attempt, AttemptState, QuizAssignment

LAUNCH_PREFIX = "launch:"


def deciding_attempt(finished: list[Attempt], grade: float, method: str) -> Attempt:
    """The attempt whose time dates the grade: the first for ``first``, the first best for ``highest``,
    otherwise the last (``last``, ``average``)."""
    if method == grading.FIRST:
        return finished[0]
    if method == grading.HIGHEST:
        return next((a for a in finished if float(a.score) == grade), finished[-1])
    return finished[-1]


def launch_period_key(launch: Launch) -> str:
    """Return ``launch:<code>``, or ``launch:#<id>`` when the code is too long for the period column.

    The one writer of the format ``assignment_launch`` reads (the compliance scheduler calls it)."""
    key = f"{LAUNCH_PREFIX}{launch.code}"
    limit = QuizAssignment._meta.get_field("period_key").max_length
    return key if len(key) <= limit else f"{LAUNCH_PREFIX}#{launch.pk}"


def assignment_launch(assignment: QuizAssignment) -> Launch | None:
    """The launch a launch assignment is for, from its period key (see ``launch_period_key``)."""
    ref = assignment.period_key.removeprefix(LAUNCH_PREFIX)
    if not assignment.period_key.startswith(LAUNCH_PREFIX) or not ref:
        return None
    if ref.startswith("#") and ref[1:].isdigit():
        return Launch.objects.filter(pk=int(ref[1:])).first()
    return Launch.objects.filter(code=ref).first()


def assignment_event_kind(assignment: QuizAssignment) -> str:
    """What passing the assignment counts as: backbone and launch work by their kind, else the quiz's."""
    if assignment.kind == AssignmentKind.BACKBONE:
        return EventKind.BACKBONE
    if assignment.kind == AssignmentKind.LAUNCH:
        return EventKind.NEW_SERVICE
    return assignment.quiz.event_kind


def assignment_grade_sync(*, assignment_id: int) -> Decimal | None:
    """Recompute the assignment's grade; record or withdraw its training event and set ``passed_at``.

    Call inside the transaction that changed an attempt of the assignment: the assignment row is
    locked so two gradings of its attempts (an essay mark, a hand-in) apply one after the other.
    """
    assignment = QuizAssignment.objects.select_for_update(of=("self",)).select_related("quiz").get(pk=assignment_id)
    quiz = assignment.quiz
    finished = list(assignment.attempts.filter(state=AttemptState.FINISHED).order_by("number"))
    grade = grading.final_grade([float(a.score) for a in finished], quiz.grading_method)
    ref = {"staff_id": assignment.staff_id, "source": EventSource.QUIZ, "source_ref": assignment.source_ref}
    if grade is None or Decimal(str(grade)) < quiz.pass_mark:
        training_event_withdraw(**ref)
        if assignment.passed_at is not None:
            QuizAssignment.objects.filter(pk=assignment.pk).update(passed_at=None)
        return None if grade is None else Decimal(str(grade))
    at = deciding_attempt(finished, grade, quiz.grading_method).finished_at
    kind = assignment_event_kind(assignment)
    launch = assignment_launch(assignment) if assignment.kind == AssignmentKind.LAUNCH else None
    training_event_record(
        **ref, kind=kind, occurred_at=at, topic=quiz.title[:200], launch=launch, score=Decimal(str(grade))
    )
    if assignment.passed_at != at:
        QuizAssignment.objects.filter(pk=assignment.pk).update(passed_at=at)
    return Decimal(str(grade))
