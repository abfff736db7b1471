"""The result of each quiz assignment as the hall's archive keeps it on its score sheet (成绩表).

An assignment's final grade is the grade that counts under the quiz's grading method (``grading.final_grade``
over its finished attempts in the order taken, as ``exams.evidence.assignment_grade_sync`` decides it); it is
passed when grading passed it by its due time (``assignments.assignment_done``). Read in two queries
whatever the number of people or assignments: for the transcript (records) and the person's 测验记录.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from . import grading, standing
from .assignments import assignment_done
from .models import Attempt, AttemptState, QuizAssignment

PASSED, FAILED, OPEN = "passed", "failed", "open"


@dataclass(frozen=True)
class AssignmentResult:
    """One assignment's final grade (out of 100; None before any graded attempt) and outcome as of ``now``:
    ``passed``, ``failed`` (settled without a pass: attempts used up or past due) or ``open`` (still to do)."""

    assignment: QuizAssignment
    grade: float | None
    used: int
    outcome: str

    @property
    def quiz(self):
        return self.assignment.quiz

    @property
    def period(self) -> str:
        return self.assignment.period_key.split(":", 1)[-1]


def assignment_results(
    *,
    staff_ids,
    now: datetime.datetime,
    due_from: datetime.datetime | None = None,
    due_before: datetime.datetime | None = None,
    settled_only: bool = False,
    limit: int | None = None,
) -> dict[int, list[AssignmentResult]]:
    """Each person's assignments (due in ``due_from``..``due_before`` when given), latest due first, with
    their final grade: ``{staff_id: [AssignmentResult]}`` in two queries. ``settled_only`` leaves out the
    work still to do (the to-do lists show it); ``limit`` reads only that many assignments (of one person)."""
    qs = QuizAssignment.objects.filter(staff__in=staff_ids).select_related("quiz")
    if due_from is not None:
        qs = qs.filter(due_at__gte=due_from)
    if due_before is not None:
        qs = qs.filter(due_at__lt=due_before)
    assignments = list(qs.order_by("-due_at", "-pk")[:limit])
    attempts: dict[int, list[tuple[int, str, object]]] = {}
    rows = Attempt.objects.filter(assignment__in=[a.pk for a in assignments]).order_by("number")
    for assignment_id, number, state, score in rows.values_list("assignment_id", "number", "state", "score"):
        attempts.setdefault(assignment_id, []).append((number, state, score))
    out: dict[int, list[AssignmentResult]] = {}
    for a in assignments:
        mine = attempts.get(a.pk, [])
        scores = [float(score) for _n, state, score in mine if state == AttemptState.FINISHED and score is not None]
        grade = grading.final_grade(scores, a.quiz.grading_method)
        used = max((n for n, _state, _score in mine), default=0)
        busy = any(state in (AttemptState.OPEN, AttemptState.HANDED_IN) for _n, state, _s in mine)
        if assignment_done(a):
            outcome = PASSED
        elif not busy and standing.work_settled(
            passed=a.passed_at is not None, due_at=a.due_at, now=now, allowed=a.quiz.attempts_allowed, used=used
        ):
            outcome = FAILED
        else:
            outcome = OPEN
        if settled_only and outcome == OPEN:
            continue
        out.setdefault(a.staff_id, []).append(
            AssignmentResult(assignment=a, grade=None if grade is None else round(grade, 1), used=used, outcome=outcome)
        )
    return out
