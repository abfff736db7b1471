"""The daily certification ticks (services): give the work to the people who need a program, and queue
certificate checks for those who may have met it (the safety net behind the on-commit checks).

Both read the statuses of everyone employed in a fixed number of queries; the work is given through the
existing assignment services (``exams.assignments.quiz_assign_and_tell``, ``courses.progress.module_assign``),
whose unique constraints make a tick safe to run twice.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import AssignmentSource, ModuleAssignment
from courses.progress import module_assign
from evidence.models import EventSource, TrainingEvent
from exams.assignments import quiz_assign_and_tell
from exams.models import AssignmentKind, QuizAssignment
from people.models import Staff

from . import status
from .models import PracticalAssessment, Program
from .selectors import MODULE_REF, certification_statuses, programs_active

MIN_DAYS = 7
"""A deadline already past (missing, expired) or sooner than this many days is moved to this many days ahead."""


def _needing(day: datetime.date) -> list[tuple[Program, dict[int, status.ProgramStatus]]]:
    """Return each active program with ``{staff id: status}`` of the people employed on ``day`` who need it."""
    programs = programs_active()
    if not programs:
        return []
    statuses = certification_statuses(staff=Staff.objects.employed_on(day), as_of=day, programs=programs)
    out = []
    for index, program in enumerate(programs):
        need = {sid: rows[index] for sid, rows in statuses.items() if rows[index].status in status.NEEDS_WORK}
        out.append((program, need))
    return out


def _met_someone(program: Program, staff_ids: set[int]) -> set[int]:
    """Return those of ``staff_ids`` with any evidence toward the program (one or two queries)."""
    if program.exam_id is not None:
        qs = QuizAssignment.objects.filter(quiz_id=program.exam_id, passed_at__isnull=False)
    elif program.practical_required:
        qs = PracticalAssessment.objects.filter(program=program, passed=True)
    else:
        refs = [MODULE_REF.format(pk) for pk in program.modules.values_list("pk", flat=True)]
        qs = TrainingEvent.objects.filter(source=EventSource.MODULE, source_ref__in=refs)
    return set(qs.filter(staff_id__in=staff_ids).order_by().values_list("staff_id", flat=True)) & staff_ids


def certificate_check_candidates(*, today: datetime.date | None = None) -> list[tuple[int, int]]:
    """Return ``(staff id, program id)`` of everyone needing a program who has evidence toward it: the
    checks the nightly sweep queues."""
    day = today or timezone.localdate()
    return [(sid, program.pk) for program, need in _needing(day) for sid in sorted(_met_someone(program, set(need)))]


def _cycle(row: status.ProgramStatus, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Return the day the cycle of work ends (grace end or expiry) and its due day (at least ``MIN_DAYS`` away)."""
    ends = row.grace_ends_on if row.grace_ends_on is not None else row.expires_on
    return ends, max(ends, day + datetime.timedelta(days=MIN_DAYS))


def period_key(program: Program, ends: datetime.date) -> str:
    """Return the exam assignment's period: one per program and cycle (``cert<id>:<YYYYMMDD>``)."""
    return f"cert{program.pk}:{ends:%Y%m%d}"


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def certification_work_assign(*, today: datetime.date | None = None) -> int:
    """Give each person who needs a program (in grace, missing, expiring, expired) its exam and, for a first
    certificate or changed requirements, its modules, due by the grace end or the expiry; return how many
    assignments were new. People who already have the cycle's exam assignment or the module are skipped."""
    day = today or timezone.localdate()
    made = 0
    for program, need in _needing(day):
        if not need:
            continue
        if program.exam_id is not None:
            made += _exam_assign(program, need, day)
        made += _modules_assign(program, need, day)
    return made


def _exam_assign(program: Program, need: dict[int, status.ProgramStatus], day: datetime.date) -> int:
    have = set(
        QuizAssignment.objects.filter(quiz_id=program.exam_id, period_key__startswith=f"cert{program.pk}:")
        .order_by()
        .values_list("staff_id", "period_key")
    )
    groups = defaultdict(list)
    for sid, row in need.items():
        ends, due = _cycle(row, day)
        if (sid, period_key(program, ends)) not in have:
            groups[(period_key(program, ends), due)].append(sid)
    text = _("上岗认证考试「%(quiz)s」已指派给您，请在 %(due)s 前通过。")
    return sum(
        quiz_assign_and_tell(
            staff=Staff.objects.filter(pk__in=ids),
            quiz=program.exam,
            due_at=_end_of(due),
            period_key=key,
            kind=AssignmentKind.MANUAL,
            text=text,
        )
        for (key, due), ids in sorted(groups.items())
    )


def _modules_assign(program: Program, need: dict[int, status.ProgramStatus], day: datetime.date) -> int:
    changed = program.requirements_changed_on
    wanted = {
        sid: row
        for sid, row in need.items()
        if row.issued_on is None or (changed is not None and changed > row.issued_on)
    }
    made = 0
    for module in program.modules.all():
        have = set(
            ModuleAssignment.objects.filter(module=module, staff_id__in=list(wanted)).values_list("staff_id", flat=True)
        )
        groups = defaultdict(list)
        for sid, row in wanted.items():
            if sid not in have:
                groups[_cycle(row, day)[1]].append(sid)
        for due, ids in sorted(groups.items()):
            made += module_assign(module=module, staff_ids=ids, due_on=due, source=AssignmentSource.AUDIENCE)
    return made
