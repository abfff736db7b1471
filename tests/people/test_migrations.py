"""Data survives the history migration: every person's facts of the day hold from their hire date."""

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("people", "0002_roles")]
AFTER = [("people", "0003_history_and_leave")]


def test_existing_people_get_their_first_facts_at_the_hire_date(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Branch, Hall, Staff = (old.get_model("people", m) for m in ("Branch", "Hall", "Staff"))
    branch = Branch.objects.create(code="MIG", name="迁移分公司")
    hall = Hall.objects.create(code="MIG01", name="迁移营业厅", branch=branch)
    Staff.objects.create(
        staff_no="M1", name="甲", hall=hall, post="counter", is_backbone=True, hired_on=datetime.date(2019, 3, 4)
    )
    Staff.objects.create(
        staff_no="M2", name="乙", hall=hall, post="greeter", hired_on=datetime.date(2026, 7, 1), left_on=None
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    StaffChange = new.get_model("people", "StaffChange")
    rows = {
        r.staff.staff_no: (r.effective_on, r.hall.code, r.post, r.is_backbone)
        for r in StaffChange.objects.select_related("staff", "hall")
    }
    assert rows == {
        "M1": (datetime.date(2019, 3, 4), "MIG01", "counter", True),
        "M2": (datetime.date(2026, 7, 1), "MIG01", "greeter", False),
    }
    assert new.get_model("people", "Staff").objects.count() == 2  # nothing lost
    hr = new.get_model("auth", "Group").objects.get(name="HR")
    codes = set(hr.permissions.values_list("codename", flat=True))
    assert {"add_leave", "change_leave", "view_staffchange"} <= codes

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
