"""Scheduled quizzes: weekly / backbone / new-service assignments, their reminders and missed notices."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from compliance import periods
from compliance.scheduling import (
    backbone_quizzes_assign,
    quiz_reminders_send,
    weekly_quizzes_assign,
)
from compliance.services import launch_announce
from compliance.tasks import weekly_quizzes_tick
from evidence.models import Launch
from exams.models import Attempt, AttemptState, Quiz, QuizAssignment
from notices.models import Notification
from tests.conftest import make_staff

UTC = datetime.UTC
MONDAY_8 = datetime.datetime(2026, 11, 23, 8, tzinfo=periods.TZ)  # ISO week 2026-W48
WEEK_DUE = datetime.datetime(2026, 11, 29, 16, tzinfo=UTC)  # Sunday 24:00 in Shanghai


@pytest.fixture
def quizzes(db):
    return {
        key: Quiz.objects.create(title=f"{key} 测验", source_key=f"module:{key}", pass_mark=80)
        for key in periods.QUIZ_MODULES
    }


def passed(assignment, *, at):
    """A passing attempt for the assignment, and its ``passed_at`` as grading keeps it."""
    Attempt.objects.create(
        staff=assignment.staff,
        quiz=assignment.quiz,
        assignment=assignment,
        number=1,
        state=AttemptState.FINISHED,
        started_at=at - datetime.timedelta(minutes=10),
        finished_at=at,
        score=90,
    )
    QuizAssignment.objects.filter(pk=assignment.pk).update(passed_at=at)


def test_weekly_quiz_rotates_through_the_four_modules_by_iso_week():
    weeks = [datetime.date.fromisocalendar(2026, w, 1) for w in (1, 2, 3, 4, 5, 48)]
    assert [periods.weekly_quiz_module(d) for d in weeks] == [
        "etiquette",
        "grooming",
        "complaint",
        "security",
        "etiquette",
        "security",
    ]
    assert periods.weekly_quiz_module(datetime.date(2026, 11, 29)) == "security"  # Sunday: same week
    assert periods.monthly_quiz_module(datetime.date(2026, 11, 1)) == "complaint"


def test_monday_tick_assigns_the_week_quiz_due_sunday_midnight_shanghai(org, quizzes):
    make_staff(org["hall_a"], staff_no="LEFT", left_on=datetime.date(2026, 11, 22))
    make_staff(org["hall_a"], staff_no="LATER", hired_on=datetime.date(2026, 11, 24))
    make_staff(org["hall_a"], staff_no="LASTDAY", left_on=datetime.date(2026, 11, 23))
    assert weekly_quizzes_assign(at=MONDAY_8) == 6
    rows = QuizAssignment.objects.all()
    assert {a.staff.staff_no for a in rows} == {"MA", "A1", "A2", "MB", "B1", "LASTDAY"}
    assert {(a.quiz_id, a.due_at, a.period_key) for a in rows} == {
        (quizzes["security"].pk, WEEK_DUE, "weekly:2026-W48")
    }
    assert weekly_quizzes_assign(at=MONDAY_8) == 0
    assert weekly_quizzes_tick(at=MONDAY_8.isoformat()) == 0
    assert QuizAssignment.objects.count() == 6


def test_sunday_night_utc_is_already_monday_in_shanghai(org, quizzes):
    weekly_quizzes_assign(at=datetime.datetime(2026, 11, 23, 0, 0, tzinfo=UTC))  # 08:00 Monday local
    assert set(QuizAssignment.objects.values_list("period_key", flat=True)) == {"weekly:2026-W48"}


def test_backbone_staff_get_the_monthly_quiz_due_at_month_end(org, quizzes):
    org["staff_a1"].is_backbone = True
    org["staff_a1"].save()
    assert backbone_quizzes_assign(at=datetime.datetime(2026, 12, 1, 8, tzinfo=periods.TZ)) == 1
    a = QuizAssignment.objects.get()
    assert (a.staff, a.period_key, a.quiz) == (org["staff_a1"], "backbone:2026-12", quizzes["security"])
    assert a.due_at == datetime.datetime(2026, 12, 31, 16, tzinfo=UTC)
    assert backbone_quizzes_assign(at=datetime.datetime(2026, 12, 1, 8, tzinfo=periods.TZ)) == 0


def test_no_module_quiz_means_nothing_assigned(org):
    assert weekly_quizzes_assign(at=MONDAY_8) == 0


def test_reminders_24h_and_2h_are_sent_once_and_not_for_passed_quizzes(
    org, quizzes, django_capture_on_commit_callbacks
):
    org["staff_a2"].user.email = "a2@example.com"
    org["staff_a2"].user.save()
    weekly_quizzes_assign(at=MONDAY_8)
    passed(QuizAssignment.objects.get(staff=org["staff_a1"]), at=MONDAY_8 + datetime.timedelta(hours=1))
    hour = datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert quiz_reminders_send(at=WEEK_DUE - 25 * hour) == 0
        assert quiz_reminders_send(at=WEEK_DUE - 23 * hour) == 4
        assert quiz_reminders_send(at=WEEK_DUE - 22 * hour) == 0
        assert quiz_reminders_send(at=WEEK_DUE - 1 * hour) == 4
        assert quiz_reminders_send(at=WEEK_DUE - 1 * hour) == 0
    a2 = QuizAssignment.objects.get(staff=org["staff_a2"]).pk
    assert set(Notification.objects.filter(user=org["staff_a2"].user).values_list("key", flat=True)) == {
        f"quiz-assigned:{a2}",
        f"quiz-remind-24:{a2}",
        f"quiz-remind-2:{a2}",
    }
    assert not Notification.objects.filter(user=org["staff_a1"].user).exclude(key__startswith="quiz-assigned:").exists()
    assert [m.to for m in mail.outbox] == [["a2@example.com"], ["a2@example.com"]]


def test_a_late_pass_does_not_count_and_missed_tells_the_hall_manager_once(org, quizzes):
    weekly_quizzes_assign(at=MONDAY_8)
    passed(QuizAssignment.objects.get(staff=org["staff_a1"]), at=WEEK_DUE - datetime.timedelta(hours=3))
    passed(QuizAssignment.objects.get(staff=org["staff_b1"]), at=WEEK_DUE + datetime.timedelta(minutes=1))
    after = WEEK_DUE + datetime.timedelta(minutes=15)
    # each of MA, A2, MB, B1 (late) is told; MA ← A2 and MB ← B1, not of themselves
    assert quiz_reminders_send(at=after) == 6
    assert quiz_reminders_send(at=after) == 0
    missed = Notification.objects.filter(key__startswith="quiz-missed:")
    assert sorted(missed.values_list("user__username", flat=True)) == ["A2", "B1", "MA", "MA", "MB", "MB"]
    b1, ma = (QuizAssignment.objects.get(staff=org[k]).pk for k in ("staff_b1", "manager_a"))
    assert missed.filter(key=f"quiz-missed:{b1}", user=org["manager_b"].user).exists()
    own = missed.get(user=org["manager_a"].user, key=f"quiz-missed:{ma}")
    assert own.text.startswith("您未在期限内通过测验") and "MA" not in own.text
    assert missed.get(user=org["staff_b1"].user).url == reverse("exams:quiz_detail", args=[own_quiz(b1)])


def own_quiz(assignment_pk):
    return QuizAssignment.objects.get(pk=assignment_pk).quiz_id


def test_reminder_tick_reads_a_fixed_number_of_queries(org, quizzes, django_assert_max_num_queries):
    for n in range(30):
        make_staff(org["hall_a" if n % 2 else "hall_b"], staff_no=f"X{n:02d}")
    weekly_quizzes_assign(at=MONDAY_8)
    with django_assert_max_num_queries(4):
        assert quiz_reminders_send(at=WEEK_DUE - datetime.timedelta(hours=1)) == 35
    with django_assert_max_num_queries(5):
        assert quiz_reminders_send(at=WEEK_DUE + datetime.timedelta(hours=1)) == 35 + 33  # persons, managers


def test_announcing_a_launch_with_a_quiz_assigns_it_due_in_48_hours(org, quizzes, django_capture_on_commit_callbacks):
    announced = datetime.datetime(2026, 3, 6, 10, tzinfo=periods.TZ)
    launch = Launch.objects.create(code="5G", name="5G 套餐", announced_at=announced, quiz_ref="module:grooming")
    launch.halls.add(org["hall_a"])
    with django_capture_on_commit_callbacks(execute=True):
        launch_announce(launch=launch)
        launch_announce(launch=launch)
    rows = QuizAssignment.objects.all()
    assert {a.staff.staff_no for a in rows} == {"MA", "A1", "A2"}
    assert {(a.quiz, a.due_at, a.period_key) for a in rows} == {
        (quizzes["grooming"], announced + datetime.timedelta(hours=48), "launch:5G")
    }


def test_a_launch_quiz_can_be_named_by_its_number(org, quizzes, django_capture_on_commit_callbacks):
    quiz = quizzes["etiquette"]
    launch = Launch.objects.create(code="TV", name="电视", announced_at=MONDAY_8, quiz_ref=str(quiz.pk))
    with django_capture_on_commit_callbacks(execute=True):
        launch_announce(launch=launch)
    assert QuizAssignment.objects.filter(quiz=quiz, period_key="launch:TV").count() == 5


def test_my_training_lists_only_my_open_quizzes(client, org, quizzes):
    now = timezone.now()
    weekly_quizzes_assign(at=now)  # due at the end of the current week: always still open
    Notification.objects.all().delete()  # the assignment notices link to the quiz too; this test reads the list
    mine = QuizAssignment.objects.get(staff=org["staff_a1"])
    other = Quiz.objects.create(title="别人的测验", source_key="other")
    QuizAssignment.objects.create(staff=org["staff_a2"], quiz=other, due_at=mine.due_at, period_key="x")
    client.force_login(org["staff_a1"].user)
    page = client.get(reverse("home:my_training")).content.decode()
    assert "待完成测验" in page and mine.quiz.title in page
    assert reverse("exams:quiz_detail", args=[mine.quiz_id]) in page
    assert "别人的测验" not in page
    passed(mine, at=now)
    page = client.get(reverse("home:my_training")).content.decode()
    to_do, history = page.split("测验记录", 1)  # a passed quiz leaves the to-do list for the history
    assert reverse("exams:quiz_detail", args=[mine.quiz_id]) not in to_do
    assert reverse("exams:quiz_detail", args=[mine.quiz_id]) in history and "已通过" in history


def test_the_schedules_exist_in_shanghai_time_and_hr_edits_them(client, org):
    weekly = PeriodicTask.objects.get(task="compliance.tasks.weekly_quizzes_tick")
    c = weekly.crontab
    assert (c.minute, c.hour, c.day_of_week, str(c.timezone)) == ("0", "8", "1", "Asia/Shanghai")
    monthly = PeriodicTask.objects.get(task="compliance.tasks.backbone_quizzes_tick").crontab
    assert (monthly.day_of_month, monthly.hour) == ("1", "8")
    assert PeriodicTask.objects.get(task="compliance.tasks.quiz_reminders_tick").interval.every == 15
    client.force_login(org["hr"])
    assert client.get(reverse("beat_tasks:index")).status_code == 200
    assert client.get(reverse("beat_tasks:edit", args=[weekly.pk])).status_code == 200
    client.force_login(org["trainer"])
    assert client.get(reverse("beat_tasks:index")).status_code != 200
