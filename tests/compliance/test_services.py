"""Sessions, attendance, check-in and launch announcements write the evidence the rules read."""

import datetime

from django.core import mail

from compliance import periods
from compliance.rules import KINDS
from compliance.services import launch_announce
from evidence.models import EventKind, Launch, LaunchAssignment
from notices.models import Notification
from tests.conftest import make_staff


def local(*args):
    return datetime.datetime(*args, tzinfo=periods.TZ)


def test_rule_kinds_are_the_event_kinds():
    assert set(KINDS) == set(EventKind.values)


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
