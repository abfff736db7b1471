"""Sessions, attendance, check-in and launch announcements write the evidence the rules read."""

import datetime

import pytest
from django.core import mail

from compliance import periods
from compliance.rules import KINDS
from compliance.services import launch_announce
from evidence.models import EventKind, Launch, LaunchAssignment, TrainingEvent
from notices.models import Notification
from tests.conftest import make_staff
from trainings.models import Attendance
from trainings.services import (
    CheckInError,
    attendance_check_in,
    attendance_record,
    attendance_remove,
    attendance_score_set,
    session_create,
)


def local(*args):
    return datetime.datetime(*args, tzinfo=periods.TZ)


def test_rule_kinds_are_the_event_kinds():
    assert set(KINDS) == set(EventKind.values)


@pytest.fixture
def session(org):
    return session_create(
        trainer=org["trainer"],
        halls=[org["hall_a"]],
        kind=EventKind.WEEKLY,
        topic="服务礼仪",
        starts_at=local(2026, 3, 2, 9),
        ends_at=local(2026, 3, 2, 10),
        place="会议室",
    )


def test_creating_a_session_invites_and_notifies_the_halls_staff(org, session):
    assert set(session.invitees.values_list("staff_no", flat=True)) == {"MA", "A1", "A2"}
    assert Notification.objects.filter(key=f"session-invite:{session.pk}").count() == 3
    assert len(session.checkin_code) == 6


def test_attending_records_one_event_even_when_marked_twice(org, session):
    a1 = org["staff_a1"]
    attendance_record(session=session, staff=a1, method="sheet")
    attendance_record(session=session, staff=a1, method="sheet")
    events = TrainingEvent.objects.filter(staff=a1)
    assert events.count() == 1
    event = events.get()
    assert (event.kind, event.source, event.source_ref, event.occurred_at) == (
        "weekly",
        "session",
        f"session:{session.pk}",
        session.starts_at,
    )


def test_unmarking_withdraws_the_event(org, session):
    attendance_record(session=session, staff=org["staff_a1"], method="sheet")
    attendance_remove(session=session, staff=org["staff_a1"])
    assert not TrainingEvent.objects.exists() and not Attendance.objects.exists()


def test_score_is_kept_on_attendance_and_event(org, session):
    attendance = attendance_record(session=session, staff=org["staff_a1"], method="sheet")
    attendance_score_set(attendance=attendance, score=88)
    assert TrainingEvent.objects.get().score == 88


def test_check_in_with_the_code_while_the_session_runs(org, session):
    attendance = attendance_check_in(
        staff=org["staff_a1"], code=session.checkin_code.lower(), at=local(2026, 3, 2, 9, 30)
    )
    assert attendance.method == "code" and TrainingEvent.objects.filter(staff=org["staff_a1"]).exists()


@pytest.mark.parametrize(
    ("who", "code", "at", "message"),
    [
        ("staff_b1", None, local(2026, 3, 2, 9, 30), "受邀"),
        ("staff_a1", None, local(2026, 3, 2, 10, 0, 1), "进行期间"),
        ("staff_a1", None, local(2026, 3, 2, 8, 59), "进行期间"),
        ("staff_a1", "WRONG1", local(2026, 3, 2, 9, 30), "不正确"),
    ],
)
def test_check_in_refused_with_a_clear_reason(org, session, who, code, at, message):
    with pytest.raises(CheckInError, match=message):
        attendance_check_in(staff=org[who], code=code or session.checkin_code, at=at)
    assert not Attendance.objects.exists()


def test_announcing_a_launch_assigns_and_notifies_staff_and_managers_once(org, django_capture_on_commit_callbacks):
    org["staff_a1"].user.email = "a1@example.com"
    org["staff_a1"].user.save()
    make_staff(org["hall_a"], staff_no="NEW", hired_on=datetime.date(2026, 3, 7))
    launch = Launch.objects.create(code="5G", name="5G 套餐", announced_at=local(2026, 3, 6, 10))
    launch.halls.add(org["hall_a"])
    with django_capture_on_commit_callbacks(execute=True):
        assert launch_announce(launch=launch) == 3
    with django_capture_on_commit_callbacks(execute=True):
        launch_announce(launch=launch)
    assignments = LaunchAssignment.objects.filter(launch=launch)
    assert set(assignments.values_list("staff__staff_no", flat=True)) == {"MA", "A1", "A2"}
    assert {a.deadline for a in assignments} == {local(2026, 3, 8, 10)}
    assert Notification.objects.filter(key="launch:5G").count() == 3
    managers = Notification.objects.filter(key="launch-manager:5G")
    assert [n.user.staff.staff_no for n in managers] == ["MA"]
    assert [m.to for m in mail.outbox] == [["a1@example.com"]]


def test_launch_without_halls_applies_to_everyone(org):
    launch = Launch.objects.create(code="ALL", name="全员", announced_at=local(2026, 3, 6, 10))
    assert launch_announce(launch=launch) == 5
    assert Notification.objects.filter(key="launch-manager:ALL").count() == 2
