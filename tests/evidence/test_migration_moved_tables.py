"""Issue 12: evidence, sessions and notices moved out of compliance keep their rows, tables and grants."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The heads before the move: the new apps not yet there, compliance at 0005.
OLD = [
    ("compliance", "0005_quiz_schedules"),
    ("exams", "0007_attempts_to_assignments"),
    ("people", "0003_history_and_leave"),
    ("trainings", None),
    ("notices", None),
    ("evidence", None),
]
AT = datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)


def _old_rows(apps) -> dict:
    """One of each row, written through the historical compliance models as the old code would."""
    User, Branch, Hall, Staff = (
        apps.get_model(*m.split(".")) for m in ("auth.User", "people.Branch", "people.Hall", "people.Staff")
    )
    Launch, LaunchAssignment, TrainingEvent, TrainingSession, Attendance, Notification = (
        apps.get_model("compliance", m)
        for m in ("Launch", "LaunchAssignment", "TrainingEvent", "TrainingSession", "Attendance", "Notification")
    )
    hall = Hall.objects.create(code="OH", name="旧厅", branch=Branch.objects.create(code="OB", name="旧分公司"))
    user = User.objects.create(username="old-a", email="a@example.com")
    staff = Staff.objects.create(
        staff_no="OA", name="旧员工", hall=hall, post="counter", hired_on=datetime.date(2020, 1, 1), user=user
    )
    launch = Launch.objects.create(code="OLD5G", name="旧 5G", announced_at=AT)
    launch.halls.add(hall)
    session = TrainingSession.objects.create(
        kind="new_service", topic="旧培训", launch=launch, starts_at=AT, ends_at=AT, checkin_code="ABC234"
    )
    session.halls.add(hall)
    session.invitees.add(staff)
    attendance = Attendance.objects.create(
        session=session, staff=staff, checked_in_at=AT, method="sheet", score=Decimal("88.50")
    )
    event = TrainingEvent.objects.create(
        staff=staff,
        kind="new_service",
        occurred_at=AT,
        source="session",
        source_ref=f"session:{session.pk}",
        topic="旧培训",
        launch=launch,
        score=Decimal("88.50"),
    )
    assignment = LaunchAssignment.objects.create(
        launch=launch, staff=staff, assigned_at=AT, deadline=AT + datetime.timedelta(hours=48)
    )
    notice = Notification.objects.create(user=user, key="launch:OLD5G", text="旧通知", url="/me/")
    return {
        "staff": staff.pk,
        "hall": hall.pk,
        "user": user.pk,
        "launch": launch.pk,
        "session": session.pk,
        "attendance": attendance.pk,
        "event": event.pk,
        "assignment": assignment.pk,
        "notice": notice.pk,
    }


def test_rows_written_by_the_old_code_are_read_by_the_new_apps(transactional_db):
    from evidence.models import Launch, LaunchAssignment, TrainingEvent
    from notices.models import Notification
    from trainings.models import Attendance, TrainingSession

    executor = MigrationExecutor(connection)
    executor.migrate(OLD)
    executor.loader.build_graph()
    graph = executor.loader.graph
    old_apps = executor.loader.project_state([n for n in executor.loader.applied_migrations if n in graph.nodes]).apps
    ids = _old_rows(old_apps)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    launch = Launch.objects.get(pk=ids["launch"])
    assert (launch.code, list(launch.halls.values_list("pk", flat=True))) == ("OLD5G", [ids["hall"]])
    session = TrainingSession.objects.get(pk=ids["session"])
    assert (session.topic, session.launch_id, session.checkin_code) == ("旧培训", ids["launch"], "ABC234")
    assert list(session.halls.values_list("pk", flat=True)) == [ids["hall"]]
    assert list(session.invitees.values_list("pk", flat=True)) == [ids["staff"]]
    attendance = Attendance.objects.get(pk=ids["attendance"])
    assert (attendance.session_id, attendance.staff_id, attendance.score) == (
        ids["session"],
        ids["staff"],
        Decimal("88.50"),
    )
    event = TrainingEvent.objects.get(pk=ids["event"])
    assert (event.source_ref, event.launch_id, event.score) == (
        f"session:{ids['session']}",
        ids["launch"],
        Decimal("88.50"),
    )
    assert LaunchAssignment.objects.get(pk=ids["assignment"]).launch_id == ids["launch"]
    notice = Notification.objects.get(pk=ids["notice"])
    assert (notice.user_id, notice.key, notice.emailed_at, notice.email_error) == (
        ids["user"],
        "launch:OLD5G",
        None,
        "",
    )
    # The grants made by compliance's data migration followed the models' content types.
    hr = set(Group.objects.get(name="HR").permissions.values_list("content_type__app_label", "codename"))
    assert {("evidence", "view_trainingevent"), ("evidence", "add_launch"), ("trainings", "view_attendance")} <= hr
    assert {("trainings", "change_trainingsession"), ("compliance", "change_compliancesettings")} <= hr
    assert not {label for label, codename in hr if codename.endswith(("trainingevent", "launch", "attendance"))} - {
        "evidence",
        "trainings",
    }
