"""Reminders 24 h and 2 h before a launch deadline, missed-deadline notices; each sent exactly once."""

import datetime

import pytest
from django.core import mail
from django_celery_beat.models import PeriodicTask

from compliance import periods
from compliance.scheduling import launch_reminders_send
from compliance.services import launch_announce
from compliance.tasks import launch_reminders_tick
from evidence.models import EventKind, Launch
from evidence.services import training_event_record
from notices.models import Notification

ANN = datetime.datetime(2026, 3, 6, 10, tzinfo=periods.TZ)
DEADLINE = ANN + datetime.timedelta(hours=48)


@pytest.fixture
def launch(org):
    launch = Launch.objects.create(code="5G", name="5G 套餐", announced_at=ANN)
    launch.halls.add(org["hall_a"])
    launch_announce(launch=launch)
    return launch


def keys(prefix):
    return sorted(Notification.objects.filter(key__startswith=prefix).values_list("user__username", "key"))


def test_reminder_24h_before_then_2h_before_for_the_untrained_only(org, launch):
    training_event_record(
        staff_id=org["staff_a1"].pk,
        kind=EventKind.NEW_SERVICE,
        occurred_at=ANN,
        source="quiz",
        source_ref="q1",
        launch=launch,
    )
    assert launch_reminders_send(at=DEADLINE - datetime.timedelta(hours=25)) == 0
    assert launch_reminders_send(at=DEADLINE - datetime.timedelta(hours=23)) == 2
    assert [u for u, _k in keys("launch-remind-24h")] == ["A2", "MA"]
    assert launch_reminders_send(at=DEADLINE - datetime.timedelta(hours=1)) == 2
    assert [u for u, _k in keys("launch-remind-2h")] == ["A2", "MA"]


def test_running_the_tick_twice_sends_nothing_twice(org, launch, django_capture_on_commit_callbacks):
    org["staff_a2"].user.email = "a2@example.com"
    org["staff_a2"].user.save()
    at = DEADLINE - datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = launch_reminders_send(at=at)
        second = launch_reminders_send(at=at)
    assert (first, second) == (3, 0)
    assert [m.to for m in mail.outbox] == [["a2@example.com"]]


def test_missed_deadline_tells_the_person_and_the_hall_manager(org, launch):
    launch_reminders_send(at=DEADLINE + datetime.timedelta(minutes=1))
    assert keys("launch-missed:5G:") == [
        ("MA", "launch-missed:5G:A1"),
        ("MA", "launch-missed:5G:A2"),
    ]  # the manager who missed it is told once, as a person, not also as their hall's manager
    assert [u for u, _k in keys("launch-missed:5G") if _k == "launch-missed:5G"] == ["A1", "A2", "MA"]
    assert launch_reminders_send(at=DEADLINE + datetime.timedelta(minutes=16)) == 0


def test_a_late_event_does_not_count_as_trained(org, launch):
    training_event_record(
        staff_id=org["staff_a1"].pk,
        kind=EventKind.NEW_SERVICE,
        occurred_at=DEADLINE + datetime.timedelta(seconds=1),
        source="quiz",
        source_ref="late",
        launch=launch,
    )
    launch_reminders_send(at=DEADLINE + datetime.timedelta(minutes=1))
    assert ("MA", "launch-missed:5G:A1") in keys("launch-missed")


def test_beat_schedule_is_editable_in_the_admin(db):
    task = PeriodicTask.objects.get(task="compliance.tasks.launch_reminders_tick")
    assert task.interval.every == 15 and task.enabled


def test_tick_task_runs_eagerly(org, launch):
    assert launch_reminders_tick.delay().get() == 0
