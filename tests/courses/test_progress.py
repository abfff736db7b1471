"""Lesson progress: reading position, knowledge checks, completion, and the module's training event."""

import datetime

import pytest
from django.utils import timezone

from courses import progress as svc
from courses.models import AssignmentSource, LessonProgress, ModuleAssignment
from evidence.models import EventKind, EventSource, TrainingEvent
from tests.conftest import make_hall, make_staff

from .conftest import CHECK_ID

NOW = timezone.make_aware(datetime.datetime(2026, 5, 4, 10, 0))
OPENED = NOW - datetime.timedelta(minutes=30)
"""When the lessons were first served: long enough before ``NOW`` for any reading time."""


def opened(staff, *lessons):
    for lesson in lessons:
        svc.lesson_open(staff=staff, lesson=lesson, now=OPENED)


def test_lesson_cannot_be_completed_before_its_check_is_answered(course, org):
    staff, lesson = org["staff_a1"], course["lessons"][0]
    opened(staff, lesson)
    with pytest.raises(svc.ProgressError):
        svc.lesson_complete(staff=staff, lesson=lesson, now=NOW)
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    feedback = svc.lesson_check_answer(staff=staff, lesson=lesson, block_id=CHECK_ID, choice=0, now=NOW)
    assert feedback == svc.CheckFeedback(correct=True, feedback="先处理情绪。")
    progress = svc.lesson_complete(staff=staff, lesson=lesson, now=NOW)
    assert progress.completed_at == NOW and progress.answers == {CHECK_ID: 0}


def test_a_wrong_check_answer_keeps_the_lesson_open_until_it_is_answered_right(course, org):
    staff, lesson = org["staff_a1"], course["lessons"][0]
    opened(staff, lesson)
    feedback = svc.lesson_check_answer(staff=staff, lesson=lesson, block_id=CHECK_ID, choice=1, now=NOW)
    assert feedback == svc.CheckFeedback(correct=False, feedback="解释要放在后面。")
    with pytest.raises(svc.ProgressError, match="请先答对本课的随堂小问（还有 1 道）"):
        svc.lesson_complete(staff=staff, lesson=lesson, now=NOW)
    assert LessonProgress.objects.get().completed_at is None
    svc.lesson_check_answer(staff=staff, lesson=lesson, block_id=CHECK_ID, choice=0, now=NOW)
    later = NOW + datetime.timedelta(minutes=1)
    assert svc.lesson_complete(staff=staff, lesson=lesson, now=later).completed_at == later


def test_checks_not_right_counts_missing_wrong_and_stale_answers():
    checks = {
        "a": {"choices": [{"correct": True}, {"correct": False}]},
        "b": {"choices": [{"correct": False}, {"correct": True}]},
        "c": {"choices": [{"correct": True}]},
    }
    assert svc.checks_not_right(checks, {}) == {"a", "b", "c"}
    assert svc.checks_not_right(checks, {"a": 0, "b": 0, "c": 5}) == {"b", "c"}
    assert svc.checks_not_right(checks, {"a": 0, "b": 1, "c": 0}) == set()


def test_check_answer_rejects_unknown_block_and_choice(course, org):
    staff, lesson = org["staff_a1"], course["lessons"][0]
    with pytest.raises(svc.ProgressError):
        svc.lesson_check_answer(staff=staff, lesson=lesson, block_id="nope", choice=0, now=NOW)
    with pytest.raises(svc.ProgressError):
        svc.lesson_check_answer(staff=staff, lesson=lesson, block_id=CHECK_ID, choice=7, now=NOW)
    assert not LessonProgress.objects.exists()


def test_position_must_be_a_block_of_the_lesson(course, org):
    staff, lesson = org["staff_a1"], course["lessons"][0]
    svc.lesson_position_save(staff=staff, lesson=lesson, position=CHECK_ID, now=NOW)
    assert LessonProgress.objects.get().last_position == CHECK_ID
    with pytest.raises(svc.ProgressError):
        svc.lesson_position_save(staff=staff, lesson=lesson, position="x" * 10, now=NOW)


def test_finishing_every_lesson_records_one_module_training_event(course, org):
    staff = org["staff_a1"]
    first, second = course["lessons"]
    opened(staff, first, second)
    svc.lesson_check_answer(staff=staff, lesson=first, block_id=CHECK_ID, choice=0, now=NOW)
    svc.lesson_complete(staff=staff, lesson=first, now=NOW)
    assert not TrainingEvent.objects.exists()
    later = NOW + datetime.timedelta(hours=1)
    svc.lesson_complete(staff=staff, lesson=second, now=later)
    svc.lesson_complete(staff=staff, lesson=second, now=later + datetime.timedelta(hours=1))
    event = TrainingEvent.objects.get()
    module = course["module"]
    assert (event.staff, event.kind, event.source, event.source_ref, event.topic, event.occurred_at) == (
        staff,
        EventKind.OTHER,
        EventSource.MODULE,
        f"module:{module.pk}",
        module.title,
        later,
    )


def test_new_service_module_counts_as_new_service_training(course, org):
    from .conftest import make_lesson, make_module

    module = make_module(title="5G 套餐", slug="5g", category="new_service", code="XY-01")
    lesson = make_lesson(module, title="5G 套餐介绍", slug="intro", body=[])
    opened(org["staff_a1"], lesson)
    svc.lesson_complete(staff=org["staff_a1"], lesson=lesson, now=NOW)
    assert TrainingEvent.objects.get().kind == EventKind.NEW_SERVICE


def test_assign_by_audience_takes_post_and_hall_and_keeps_one_row(course, org):
    module = course["module"]
    module.audience_posts = ["counter"]
    module.save()
    module.audience_halls.set([org["hall_a"]])
    module.save()
    other_hall = make_staff(make_hall(), staff_no="Z1")
    from people.models import Staff

    created = svc.module_assign_by_audience(
        module=module, staff=Staff.objects.all(), due_on=datetime.date(2026, 6, 1), today=datetime.date(2026, 5, 1)
    )
    assigned = set(ModuleAssignment.objects.values_list("staff__staff_no", flat=True))
    assert created == 2 and assigned == {"A1", "A2"} and other_hall.staff_no not in assigned
    again = svc.module_assign(
        module=module, staff_ids=[org["staff_a1"].pk], due_on=datetime.date(2026, 7, 1), source=AssignmentSource.MANUAL
    )
    assert again == 0 and ModuleAssignment.objects.count() == 2
    assert ModuleAssignment.objects.get(staff=org["staff_a1"]).due_on == datetime.date(2026, 7, 1)
