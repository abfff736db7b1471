"""Quiz assignments: ask people to pass a quiz by a due time, once per period (used by the compliance scheduler)."""

from __future__ import annotations

import datetime

from django.db import transaction

from .models import AttemptState, Quiz, QuizAssignment


def quiz_assign(*, staff_ids: list[int], quiz: Quiz, due_at: datetime.datetime, period_key: str = "") -> int:
    """Create the missing assignments (one per person, quiz and period) in one insert; return how many were new.

    Concurrent calls for the same quiz (two beat ticks, a launch announced twice) queue on the quiz row,
    so each one sees what the one before it committed and counts only the rows it really inserted.
    """
    with transaction.atomic():
        list(Quiz.objects.select_for_update().filter(pk=quiz.pk).values_list("pk", flat=True))
        existing = set(
            QuizAssignment.objects.filter(quiz=quiz, period_key=period_key, staff_id__in=staff_ids).values_list(
                "staff_id", flat=True
            )
        )
        new = [
            QuizAssignment(staff_id=sid, quiz=quiz, due_at=due_at, period_key=period_key)
            for sid in dict.fromkeys(staff_ids)
            if sid not in existing
        ]
        QuizAssignment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def assignment_done(assignment: QuizAssignment) -> bool:
    """Whether the person passed the quiz (any finished attempt at or above the pass mark) by the due time."""
    return assignment.quiz.attempts.filter(
        staff_id=assignment.staff_id,
        state=AttemptState.FINISHED,
        finished_at__lte=assignment.due_at,
        score__gte=assignment.quiz.pass_mark,
    ).exists()
