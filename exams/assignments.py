"""Quiz assignments: ask people to pass a quiz by a due time, once per period (used by the compliance scheduler).

An assignment is passed by its due time when grading has set ``passed_at`` (the deciding attempt's time)
to a time at or before ``due_at``: ``assignment_done`` says so of one row, ``PASSED_BY_DUE`` in SQL.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from notices.services import Notice, Recipient, notices_send

from .models import AssignmentKind, Quiz, QuizAssignment

PASSED_BY_DUE = Q(passed_at__isnull=False, passed_at__lte=F("due_at"))


def assignment_done(assignment: QuizAssignment) -> bool:
    """Whether the assignment was passed by its due time (see ``PASSED_BY_DUE``); reads no attempts."""
    return assignment.passed_at is not None and assignment.passed_at <= assignment.due_at


def quiz_assignments_add(
    *,
    staff_ids: list[int],
    quiz: Quiz,
    due_at: datetime.datetime,
    period_key: str = "",
    kind: str = AssignmentKind.MANUAL,
) -> dict[int, int]:
    """Create the missing assignments (one per person, quiz and period); return ``{staff id: assignment id}``
    of the new ones.

    Four queries whatever the number of people (on PostgreSQL the insert is one ``UNNEST``). Concurrent
    calls for the same quiz (two beat ticks, a launch announced twice) queue on the quiz row, so each one
    sees what the one before it committed and returns only the rows it really inserted.
    """
    with transaction.atomic():
        list(Quiz.objects.select_for_update().filter(pk=quiz.pk).values_list("pk", flat=True))
        period = QuizAssignment.objects.filter(quiz=quiz, period_key=period_key).order_by()
        existing = set(period.values_list("staff_id", flat=True))
        new = [sid for sid in dict.fromkeys(staff_ids) if sid not in existing]
        if not new:
            return {}
        QuizAssignment.objects.bulk_create(
            [QuizAssignment(staff_id=sid, quiz=quiz, due_at=due_at, period_key=period_key, kind=kind) for sid in new],
            ignore_conflicts=True,  # a row made by hand meanwhile: skipped, not an error
        )
        wanted = set(new)
        return {sid: pk for sid, pk in period.values_list("staff_id", "pk") if sid in wanted}


def quiz_assign(
    *,
    staff_ids: list[int],
    quiz: Quiz,
    due_at: datetime.datetime,
    period_key: str = "",
    kind: str = AssignmentKind.MANUAL,
) -> int:
    """Create the missing assignments (see ``quiz_assignments_add``); return how many were new."""
    return len(quiz_assignments_add(staff_ids=staff_ids, quiz=quiz, due_at=due_at, period_key=period_key, kind=kind))


def _recipients(staff) -> dict[int, Recipient | None]:
    """Return ``{staff id: Recipient}`` (None without an account) of a staff queryset, in one query."""
    rows = staff.order_by().values_list("pk", "user_id", "user__email")
    return {sid: Recipient(uid, email or "") if uid is not None else None for sid, uid, email in rows}


def quiz_assign_and_tell(*, staff, quiz: Quiz, due_at: datetime.datetime, period_key: str, kind: str, text: str) -> int:
    """Assign ``quiz`` to ``staff`` (a queryset) and tell each person newly assigned, once per assignment
    (key ``quiz-assigned:<id>``); return how many were new. One transaction, a fixed number of queries."""
    people = _recipients(staff)
    values = {"quiz": quiz.title, "due": f"{timezone.localtime(due_at):%Y-%m-%d %H:%M}"}
    text, url = text % values, reverse("exams:quiz_detail", args=[quiz.pk])
    with transaction.atomic():
        new = quiz_assignments_add(staff_ids=list(people), quiz=quiz, due_at=due_at, period_key=period_key, kind=kind)
        notices_send(notices=[Notice(people[sid], f"quiz-assigned:{pk}", text, url) for sid, pk in new.items()])
    return len(new)
