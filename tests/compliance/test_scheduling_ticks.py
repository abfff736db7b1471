"""The quiz ticks through time: each assignment has its kind and is told once, leave is respected, passing
is read from ``passed_at``, and the ticks' query counts do not grow with the number of people."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compliance import periods
from compliance.scheduling import (
    backbone_quizzes_assign,
    launch_quiz_assign,
    quiz_reminders_send,
    weekly_quizzes_assign,
)
from compliance.tasks import weekly_quizzes_tick
from evidence.models import Launch
from exams.assignments import assignment_done, quiz_assign
from exams.models import AssignmentKind, Quiz, QuizAssignment
from notices.models import Notification
from people.models import Leave, LeaveKind
from tests.conftest import make_hall, make_staff

MONDAY_8 = datetime.datetime(2026, 11, 23, 8, tzinfo=periods.TZ)  # ISO week 2026-W48
WEEK_DUE = periods.week_due(MONDAY_8.date())
FIRST_OF_DECEMBER = datetime.datetime(2026, 12, 1, 8, tzinfo=periods.TZ)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def quizzes(db):
    return {
        key: Quiz.objects.create(title=f"{key} 测验", source_key=f"module:{key}", pass_mark=80)
        for key in periods.QUIZ_MODULES
    }


def on_leave(staff, start, end, kind=LeaveKind.SICK):
    return Leave.objects.create(staff=staff, kind=kind, start=start, end=end)


def assigned(**filters):
    return set(QuizAssignment.objects.filter(**filters).values_list("staff__staff_no", flat=True))


def test_each_scheduler_stores_its_kind_and_a_hand_made_assignment_is_manual(org, quizzes):
    org["staff_a1"].is_backbone = True
    org["staff_a1"].save()
    weekly_quizzes_assign(at=MONDAY_8)
    backbone_quizzes_assign(at=FIRST_OF_DECEMBER)
    launch = Launch.objects.create(code="5G", name="5G 套餐", announced_at=MONDAY_8, quiz_ref="module:grooming")
    launch_quiz_assign(launch_id=launch.pk)
    quiz_assign(staff_ids=[org["staff_b1"].pk], quiz=quizzes["etiquette"], due_at=WEEK_DUE, period_key="x")
    kinds = dict(QuizAssignment.objects.values_list("period_key", "kind").distinct())
    assert kinds == {
        "weekly:2026-W48": AssignmentKind.WEEKLY,
        "backbone:2026-12": AssignmentKind.BACKBONE,
        "launch:5G": AssignmentKind.LAUNCH,
        "x": AssignmentKind.MANUAL,
    }


def test_the_monday_tick_tells_each_newly_assigned_person_once_with_a_link_to_the_quiz(
    org, quizzes, django_capture_on_commit_callbacks
):
    org["staff_a1"].user.email = "a1@example.com"
    org["staff_a1"].user.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert weekly_quizzes_tick(at=MONDAY_8.isoformat()) == 5
        assert weekly_quizzes_tick(at=MONDAY_8.isoformat()) == 0
    notices = Notification.objects.filter(key__startswith="quiz-assigned:")
    assert sorted(notices.values_list("user__username", flat=True)) == ["A1", "A2", "B1", "MA", "MB"]
    a1 = QuizAssignment.objects.get(staff=org["staff_a1"])
    notice = notices.get(user=org["staff_a1"].user)
    assert notice.key == f"quiz-assigned:{a1.pk}"
    assert notice.text == "本周测验：security 测验，请于 2026-11-30 00:00 前完成。"
    assert notice.url == reverse("exams:quiz_detail", args=[quizzes["security"].pk])
    assert [m.to for m in mail.outbox] == [["a1@example.com"]]  # only those with an address
    assert "本周测验" in mail.outbox[0].body and notice.url in mail.outbox[0].body


def test_a_second_run_assigns_and_tells_only_someone_new_and_nobody_twice(org, quizzes):
    weekly_quizzes_assign(at=MONDAY_8)
    newcomer = make_staff(org["hall_b"], staff_no="NEW", hired_on=MONDAY_8.date())  # imported that afternoon
    assert weekly_quizzes_assign(at=MONDAY_8 + 6 * HOUR) == 1
    assert weekly_quizzes_assign(at=MONDAY_8 + 7 * HOUR) == 0
    told = Notification.objects.filter(key__startswith="quiz-assigned:")
    assert told.filter(user=newcomer.user).count() == 1
    assert told.count() == QuizAssignment.objects.count() == 6
    assert set(told.values_list("key", flat=True)) == {
        f"quiz-assigned:{pk}" for pk in QuizAssignment.objects.values_list("pk", flat=True)
    }


def test_the_backbone_and_launch_quizzes_are_told_too(org, quizzes, django_capture_on_commit_callbacks):
    org["staff_a1"].is_backbone = True
    org["staff_a1"].save()
    backbone_quizzes_assign(at=FIRST_OF_DECEMBER)
    backbone_quizzes_assign(at=FIRST_OF_DECEMBER)
    (notice,) = Notification.objects.filter(key__startswith="quiz-assigned:")
    assert notice.user == org["staff_a1"].user
    assert notice.text == "骨干月度测验：security 测验，请于 2027-01-01 00:00 前完成。"
    launch = Launch.objects.create(code="TV", name="电视", announced_at=MONDAY_8, quiz_ref=str(quizzes["etiquette"].pk))
    launch.halls.add(org["hall_b"])
    assert launch_quiz_assign(launch_id=launch.pk) == 2
    assert launch_quiz_assign(launch_id=launch.pk) == 0
    texts = Notification.objects.filter(key__startswith="quiz-assigned:").exclude(pk=notice.pk)
    assert sorted(texts.values_list("user__username", "text")) == [
        ("B1", "新业务测验：etiquette 测验，请于 2026-11-25 08:00 前完成。"),
        ("MB", "新业务测验：etiquette 测验，请于 2026-11-25 08:00 前完成。"),
    ]


def test_people_with_leave_on_any_day_of_the_week_are_not_assigned_that_week(org, quizzes):
    on_leave(org["staff_a1"], datetime.date(2026, 11, 29), datetime.date(2026, 12, 20))  # from the Sunday
    on_leave(org["staff_a2"], datetime.date(2026, 11, 1), datetime.date(2026, 11, 22))  # ended the day before
    on_leave(org["staff_b1"], datetime.date(2026, 8, 1), datetime.date(2027, 2, 1), LeaveKind.MATERNITY)
    assert weekly_quizzes_assign(at=MONDAY_8) == 3
    assert assigned() == {"MA", "MB", "A2"}
    assert not Notification.objects.filter(user=org["staff_a1"].user).exists()
    assert weekly_quizzes_assign(at=MONDAY_8 + datetime.timedelta(days=14)) == 3  # 2026-W50: A1 still away
    assert assigned(period_key="weekly:2026-W50") == {"MA", "MB", "A2"}


def test_backbone_staff_with_leave_in_the_month_and_launch_staff_on_leave_that_day_are_not_assigned(org, quizzes):
    for key in ("staff_a1", "staff_a2", "staff_b1"):
        org[key].is_backbone = True
        org[key].save()
    on_leave(org["staff_a1"], datetime.date(2026, 12, 30), datetime.date(2027, 1, 3))  # the month's end
    on_leave(org["staff_a2"], datetime.date(2026, 11, 20), datetime.date(2026, 11, 30))  # November only
    assert backbone_quizzes_assign(at=FIRST_OF_DECEMBER) == 2
    assert assigned() == {"A2", "B1"}
    launch = Launch.objects.create(code="5G", name="5G", announced_at=MONDAY_8, quiz_ref="module:grooming")
    on_leave(org["manager_b"], MONDAY_8.date(), MONDAY_8.date(), LeaveKind.PERSONAL)
    launch_quiz_assign(launch_id=launch.pk)
    assert assigned(period_key="launch:5G") == {"MA", "A1", "B1"}  # A1: leave later; A2 and MB: that day


def pass_at(assignment, at):
    QuizAssignment.objects.filter(pk=assignment.pk).update(passed_at=at)


def test_reminders_and_missed_notices_read_passed_at_only(org, quizzes):
    weekly_quizzes_assign(at=MONDAY_8)
    rows = {a.staff.staff_no: a for a in QuizAssignment.objects.select_related("staff")}
    pass_at(rows["A1"], WEEK_DUE - 30 * HOUR)  # in time
    assert quiz_reminders_send(at=WEEK_DUE - 23 * HOUR) == 4  # MA, A2, MB, B1: not yet passed
    reminded = Notification.objects.filter(key__startswith="quiz-remind-24:")
    assert sorted(reminded.values_list("user__username", flat=True)) == ["A2", "B1", "MA", "MB"]
    pass_at(rows["A2"], WEEK_DUE)  # at the due instant: in time
    pass_at(rows["B1"], WEEK_DUE + HOUR)  # too late (a regrade can also move it past due): still missed
    assert quiz_reminders_send(at=WEEK_DUE + 2 * HOUR) == 4  # MA, MB and B1 missed it; MB is told of B1
    missed = Notification.objects.filter(key__startswith="quiz-missed:")
    assert sorted(missed.values_list("user__username", flat=True)) == ["B1", "MA", "MB", "MB"]
    for a in QuizAssignment.objects.all():
        assert assignment_done(a) == (a.staff.staff_no in {"A1", "A2"})


def test_leave_recorded_after_the_tick_excuses_the_week_from_reminders_and_missed_notices(org, quizzes):
    weekly_quizzes_assign(at=MONDAY_8)
    on_leave(org["staff_a1"], datetime.date(2026, 11, 27), datetime.date(2026, 11, 27))  # sick on Friday
    on_leave(org["staff_a2"], datetime.date(2026, 11, 30), datetime.date(2026, 12, 4))  # from next Monday
    assert quiz_reminders_send(at=WEEK_DUE - HOUR) == 4  # MA, A2, MB, B1; not A1
    assert quiz_reminders_send(at=WEEK_DUE + HOUR) == 6  # MA, A2 (and MA of A2), MB, B1 (and MB of B1)
    assert not Notification.objects.filter(user=org["staff_a1"].user, key__startswith="quiz-").exclude(
        key__startswith="quiz-assigned:"
    )
    assert not Notification.objects.filter(text__contains="A1").exists()


def test_leave_after_a_launch_day_does_not_excuse_the_launch_quiz(org, quizzes):
    launch = Launch.objects.create(code="5G", name="5G", announced_at=MONDAY_8, quiz_ref="module:grooming")
    launch_quiz_assign(launch_id=launch.pk)
    on_leave(
        org["staff_a1"], MONDAY_8.date() + datetime.timedelta(days=1), MONDAY_8.date() + datetime.timedelta(days=9)
    )
    quiz_reminders_send(at=MONDAY_8 + 47 * HOUR)
    assert Notification.objects.filter(user=org["staff_a1"].user, key__startswith="quiz-remind-2:").exists()


def tick_queries(run) -> int:
    with CaptureQueriesContext(connection) as queries:
        run()
    return len(queries)


@pytest.mark.parametrize("tick", ["weekly", "reminders"])
def test_the_ticks_query_count_does_not_grow_with_the_number_of_people(db, quizzes, tick):
    hall, counts = make_hall(), []
    for people in (3, 30):
        while hall.staff.count() < people:
            make_staff(hall)
        QuizAssignment.objects.all().delete()
        Notification.objects.all().delete()
        if tick == "weekly":
            counts.append(tick_queries(lambda: weekly_quizzes_assign(at=MONDAY_8)))
            assert QuizAssignment.objects.count() == Notification.objects.count() == people
        else:
            weekly_quizzes_assign(at=MONDAY_8)
            counts.append(tick_queries(lambda: quiz_reminders_send(at=WEEK_DUE - HOUR)))
            assert Notification.objects.filter(key__startswith="quiz-remind-2:").count() == people
    assert counts[0] == counts[1], counts
    assert counts[1] <= (11 if tick == "weekly" else 3), counts  # 11: with the transaction's 4 statements
