"""Reads of a person's quiz work: their assignments (each its own piece of work) and their practice.

Each read is one query whatever the number of assignments or attempts; the rules of what a row allows
(start, retake, show answers) are the pure ones in ``standing``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q

from . import grading, standing
from .models import Attempt, AttemptState, Quiz, QuizAssignment


@dataclass
class WorkRow:
    """One assignment (or the practice, ``assignment`` None) of one quiz, as of ``now``."""

    quiz: Quiz
    assignment: QuizAssignment | None
    used: int
    finished: int
    open_attempt_id: int | None
    in_progress: bool
    passed: bool
    now: datetime.datetime

    @property
    def due_at(self) -> datetime.datetime | None:
        return self.assignment.due_at if self.assignment is not None else None

    @property
    def period(self) -> str:
        """The assignment's period as people read it (``2026-W48`` of ``weekly:2026-W48``)."""
        key = self.assignment.period_key if self.assignment is not None else ""
        return key.split(":", 1)[-1]

    @property
    def allowed(self) -> int:
        return self.quiz.attempts_allowed

    @property
    def left(self) -> int | None:
        return standing.attempts_left(allowed=self.allowed, used=self.used)

    @property
    def status(self) -> str:
        return standing.work_status(
            passed=self.passed, due_at=self.due_at, now=self.now, in_progress=self.in_progress, finished=self.finished
        )

    @property
    def can_start(self) -> bool:
        """A new attempt may be started now (a retake when one was already finished)."""
        return not self.in_progress and standing.may_start(
            passed=self.passed, due_at=self.due_at, now=self.now, allowed=self.allowed, used=self.used
        )

    @property
    def settled(self) -> bool:
        return standing.work_settled(
            passed=self.passed, due_at=self.due_at, now=self.now, allowed=self.allowed, used=self.used
        )


def _annotated(qs):
    return qs.select_related("quiz").annotate(
        used=Max("attempts__number"),
        finished=Count("attempts", filter=Q(attempts__state=AttemptState.FINISHED)),
        open_id=Max("attempts__pk", filter=Q(attempts__state=AttemptState.OPEN)),
        busy=Count("attempts", filter=Q(attempts__state__in=[AttemptState.OPEN, AttemptState.HANDED_IN])),
    )


def _row(a: QuizAssignment, now: datetime.datetime) -> WorkRow:
    return WorkRow(
        quiz=a.quiz,
        assignment=a,
        used=a.used or 0,
        finished=a.finished,
        open_attempt_id=a.open_id,
        in_progress=bool(a.busy),
        passed=a.passed_at is not None,
        now=now,
    )


def assignment_rows(
    *, staff, now: datetime.datetime, quiz: Quiz | None = None, open_only: bool = False
) -> list[WorkRow]:
    """The person's assignments (of ``quiz``, if given), soonest due first, in one query.

    ``open_only`` keeps the work still to do: not passed, not yet due and not used up (a failed one with
    attempts left is still open; passed, past-due or used-up ones leave the list, unless an attempt of it
    is still open or being graded).
    """
    qs = QuizAssignment.objects.filter(staff=staff)
    if quiz is not None:
        qs = qs.filter(quiz=quiz)
    if open_only:
        qs = qs.filter(passed_at__isnull=True, due_at__gt=now)
    rows = [_row(a, now) for a in _annotated(qs).order_by("due_at", "pk")]
    return [r for r in rows if r.in_progress or not r.settled] if open_only else rows


@dataclass
class ResultRow:
    """One assignment's outcome for a staff profile: its work row and its final grade (None: no finished
    attempt yet)."""

    work: WorkRow
    grade: float | None


def latest_results(*, staff, now: datetime.datetime, limit: int) -> tuple[list[ResultRow], bool]:
    """The person's ``limit`` latest assignments (by due time) with their final grades, and whether there
    are more: two queries (assignments, then their finished scores), whatever the number of attempts."""
    assignments = list(_annotated(QuizAssignment.objects.filter(staff=staff)).order_by("-due_at", "-pk")[: limit + 1])
    more, assignments = len(assignments) > limit, assignments[:limit]
    scores = {a.pk: [] for a in assignments}
    finished = (
        Attempt.objects.filter(assignment__in=list(scores), state=AttemptState.FINISHED, score__isnull=False)
        .order_by("assignment_id", "number")
        .values_list("assignment_id", "score")
    )
    for assignment_id, score in finished:
        scores[assignment_id].append(float(score))
    rows = [ResultRow(_row(a, now), grading.final_grade(scores[a.pk], a.quiz.grading_method)) for a in assignments]
    return rows, more


def attempt_work(attempt: Attempt, now: datetime.datetime) -> WorkRow:
    """The piece of work ``attempt`` belongs to (its assignment, or the person's practice of the quiz),
    in one query; the assignment must be loaded with the attempt (``select_related``)."""
    quiz, assignment = attempt.quiz, attempt.assignment if attempt.assignment_id is not None else None
    if assignment is not None:
        siblings = Attempt.objects.filter(assignment=assignment)
    else:
        siblings = Attempt.objects.filter(staff_id=attempt.staff_id, quiz=quiz, assignment__isnull=True)
    rows = list(siblings.order_by("number").values_list("pk", "number", "state", "score"))
    scores = [float(score) for _pk, _n, state, score in rows if state == AttemptState.FINISHED and score is not None]
    if assignment is not None:
        passed = assignment.passed_at is not None
    else:  # practice: the same rule over the practice attempts' grade
        grade = grading.final_grade(scores, quiz.grading_method)
        passed = grade is not None and Decimal(str(grade)) >= quiz.pass_mark
    busy = [pk for pk, _n, state, _s in rows if state in (AttemptState.OPEN, AttemptState.HANDED_IN)]
    return WorkRow(
        quiz=quiz,
        assignment=assignment,
        used=max((n for _pk, n, _state, _s in rows), default=0),
        finished=len(scores),
        open_attempt_id=next((pk for pk, _n, state, _s in rows if state == AttemptState.OPEN), None),
        in_progress=bool(busy),
        passed=passed,
        now=now,
    )


def practice_row(*, quiz: Quiz, attempts: list[Attempt], now: datetime.datetime) -> WorkRow:
    """The person's practice of ``quiz`` from their attempts of it (those of no assignment count)."""
    mine = [a for a in attempts if a.assignment_id is None]
    scores = [float(a.score) for a in mine if a.state == AttemptState.FINISHED and a.score is not None]
    grade = grading.final_grade(scores, quiz.grading_method)
    return WorkRow(
        quiz=quiz,
        assignment=None,
        used=max((a.number for a in mine), default=0),
        finished=len(scores),
        open_attempt_id=next((a.pk for a in mine if a.state == AttemptState.OPEN), None),
        in_progress=any(a.state in (AttemptState.OPEN, AttemptState.HANDED_IN) for a in mine),
        passed=grade is not None and Decimal(str(grade)) >= quiz.pass_mark,
        now=now,
    )
