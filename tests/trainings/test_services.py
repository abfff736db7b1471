"""Sessions, attendance and check-in write the evidence the rules read."""

import datetime

import pytest

from compliance import periods
from evidence.models import EventKind, TrainingEvent
from notices.models import Notification
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
