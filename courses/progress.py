"""Writes of learning progress: assignments, reading position, knowledge-check answers, completion.

A lesson is complete when it was read to the end and every inline knowledge check in it was answered
right (a wrong answer gets its feedback and the question is asked again; the checks do not grade). When the last lesson of a module is
complete, the module counts as training received and becomes a ``TrainingEvent``.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from evidence.models import EventKind, EventSource
from evidence.services import training_event_record
from people.models import Staff

from .models import AssignmentSource, Category, LessonPage, LessonProgress, ModuleAssignment, ModulePage
from .reading import ReadingRule, required_seconds, seconds_left

END_POSITION = "end"


class ProgressError(Exception):
    """Bad input for a progress write; the message is shown to the learner."""


class ReadingTooShort(ProgressError):
    """A completion before the lesson's reading time is up; ``seconds_left`` says how long to go."""

    def __init__(self, seconds_left: int):
        super().__init__(_("请认真阅读本课：还需 %(n)d 秒才能完成。") % {"n": seconds_left})
        self.seconds_left = seconds_left


def reading_rule() -> ReadingRule:
    return ReadingRule(
        chars_per_minute=settings.PEIXUN_READING_CHARS_PER_MINUTE,
        fraction=settings.PEIXUN_READING_FRACTION,
        minimum=settings.PEIXUN_READING_MIN_SECONDS,
        cap=settings.PEIXUN_READING_MAX_SECONDS,
    )


def lesson_required_seconds(lesson: LessonPage) -> int:
    """Seconds ``lesson`` must have been open before its completion counts (from its length and the settings)."""
    return required_seconds(lesson.reading_length(), reading_rule())


@dataclass(frozen=True)
class CheckFeedback:
    correct: bool
    feedback: str


def checks_not_right(checks: dict, answers: dict) -> set[str]:
    """Return the ids of the knowledge checks (``LessonPage.check_blocks``) whose last answer in ``answers``
    is missing or wrong: the lesson cannot be completed while any is left."""
    left = set()
    for block_id, check in checks.items():
        chosen, choices = answers.get(block_id), check.get("choices") or []
        if not (isinstance(chosen, int) and 0 <= chosen < len(choices) and choices[chosen].get("correct")):
            left.add(block_id)
    return left


def lesson_progress_start(*, staff: Staff, lesson: LessonPage, now: datetime.datetime) -> LessonProgress:
    progress, _created = LessonProgress.objects.get_or_create(staff=staff, lesson=lesson, defaults={"started_at": now})
    return progress


def lesson_open(*, staff: Staff, lesson: LessonPage, now: datetime.datetime) -> None:
    """Record that the server served ``lesson`` to ``staff`` at ``now``, unless it did before.

    The reading time a completion needs is counted from this first opening.
    """
    LessonProgress.objects.bulk_create(
        [LessonProgress(staff=staff, lesson=lesson, started_at=now, opened_at=now)], ignore_conflicts=True
    )
    LessonProgress.objects.filter(staff=staff, lesson=lesson, opened_at__isnull=True).update(opened_at=now)


def lesson_position_save(*, staff: Staff, lesson: LessonPage, position: str, now: datetime.datetime) -> LessonProgress:
    """Remember where the learner is (a block id of the lesson, or ``end``) so they can resume there."""
    if position != END_POSITION and position not in lesson.block_ids():
        raise ProgressError(_("阅读位置无效。"))
    progress = lesson_progress_start(staff=staff, lesson=lesson, now=now)
    if progress.last_position != position:
        progress.last_position = position
        progress.save(update_fields=["last_position"])
    return progress


def lesson_check_answer(
    *, staff: Staff, lesson: LessonPage, block_id: str, choice: int, now: datetime.datetime
) -> CheckFeedback:
    """Record an answer to one knowledge check and return its feedback (a new answer replaces the old)."""
    check = lesson.check_blocks().get(block_id)
    if check is None:
        raise ProgressError(_("本课没有这道小问。"))
    choices = check["choices"]
    if not isinstance(choice, int) or not 0 <= choice < len(choices):
        raise ProgressError(_("请选择一个选项。"))
    with transaction.atomic():
        progress = lesson_progress_start(staff=staff, lesson=lesson, now=now)
        progress = LessonProgress.objects.select_for_update().get(pk=progress.pk)
        progress.answers = {**progress.answers, block_id: choice}
        progress.save(update_fields=["answers"])
    return CheckFeedback(correct=bool(choices[choice]["correct"]), feedback=choices[choice]["feedback"])


def lesson_complete(*, staff: Staff, lesson: LessonPage, now: datetime.datetime) -> LessonProgress:
    """Mark ``lesson`` read to the end; idempotent. Refuses (recording nothing) while a knowledge check is
    not answered right, or before the lesson's reading time has passed since it was first served (``lesson_open``)."""
    with transaction.atomic():
        progress = lesson_progress_start(staff=staff, lesson=lesson, now=now)
        progress = LessonProgress.objects.select_for_update().get(pk=progress.pk)
        if progress.completed_at:
            return progress
        open_checks = checks_not_right(lesson.check_blocks(), progress.answers)
        if open_checks:
            raise ProgressError(_("请先答对本课的随堂小问（还有 %(n)d 道）。") % {"n": len(open_checks)})
        left = seconds_left(opened_at=progress.opened_at, now=now, required=lesson_required_seconds(lesson))
        if left:
            raise ReadingTooShort(left)
        progress.completed_at = now
        progress.last_position = END_POSITION
        progress.save(update_fields=["completed_at", "last_position"])
        module = ModulePage.objects.get(path=lesson.path[: -LessonPage.steplen])
        module_completion_record(staff=staff, module=module)
    return progress


def module_completion_record(*, staff: Staff, module: ModulePage) -> bool:
    """Record the module as training received once all its live lessons are complete; True if recorded."""
    lesson_ids = list(LessonPage.objects.live().child_of(module).values_list("pk", flat=True))
    if not lesson_ids:
        return False
    done = LessonProgress.objects.filter(staff=staff, lesson_id__in=lesson_ids, completed_at__isnull=False).aggregate(
        count=Count("pk"), last=Max("completed_at")
    )
    if done["count"] < len(lesson_ids):
        return False
    training_event_record(
        staff_id=staff.pk,
        kind=EventKind.NEW_SERVICE if module.category == Category.NEW_SERVICE else EventKind.OTHER,
        occurred_at=done["last"],
        source=EventSource.MODULE,
        source_ref=f"module:{module.pk}",
        topic=module.title,
    )
    return True


def module_assign(
    *,
    module: ModulePage,
    staff_ids: list[int],
    due_on: datetime.date | None,
    assigned_by=None,
    source: str = AssignmentSource.MANUAL,
) -> int:
    """Assign ``module`` to these people; an existing assignment gets the new due date. Returns how many are new."""
    staff_ids = set(staff_ids)
    with transaction.atomic():
        existing = set(
            ModuleAssignment.objects.filter(module=module, staff_id__in=staff_ids).values_list("staff_id", flat=True)
        )
        ModuleAssignment.objects.filter(module=module, staff_id__in=existing).update(due_on=due_on)
        ModuleAssignment.objects.bulk_create(
            [
                ModuleAssignment(staff_id=pk, module=module, due_on=due_on, assigned_by=assigned_by, source=source)
                for pk in sorted(staff_ids - existing)
            ]
        )
    return len(staff_ids - existing)


def audience_of(*, module: ModulePage, staff, today: datetime.date):
    """The people (among ``staff``, a queryset) employed ``today`` who are in the module's audience."""
    qs = staff.employed_on(today)
    if module.audience_posts:
        qs = qs.filter(post__in=module.audience_posts)
    hall_ids = list(module.audience_halls.values_list("pk", flat=True))
    if hall_ids:
        qs = qs.filter(hall_id__in=hall_ids)
    return qs


def module_assign_by_audience(
    *, module: ModulePage, staff, due_on: datetime.date | None, today: datetime.date, assigned_by=None
) -> int:
    """Assign ``module`` to everyone in its audience among ``staff`` (the assigner's visible staff)."""
    ids = list(audience_of(module=module, staff=staff, today=today).values_list("pk", flat=True))
    return module_assign(
        module=module, staff_ids=ids, due_on=due_on, assigned_by=assigned_by, source=AssignmentSource.AUDIENCE
    )
