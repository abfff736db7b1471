"""Writes to the organisation: applying a validated staff import atomically."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from . import roles
from .imports import StaffRow
from .models import Branch, Hall, Staff

STAFF_FIELDS = ("name", "post", "is_backbone", "hired_on", "left_on")


@dataclass
class ImportPlan:
    """What an import would change: new and changed people (with the fields that change), new places."""

    create: list[StaffRow] = field(default_factory=list)
    update: list[tuple[StaffRow, dict[str, tuple]]] = field(default_factory=list)
    unchanged: int = 0
    new_branches: list[str] = field(default_factory=list)
    new_halls: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.create or self.update or self.new_branches or self.new_halls)


def _find_branch(branches: dict[str, Branch], key: str) -> Branch | None:
    return branches.get(key) or next((b for b in branches.values() if b.name == key), None)


def staff_import_plan(*, rows: list[StaffRow]) -> ImportPlan:
    """Compare validated rows with the database and return what applying them would change."""
    plan = ImportPlan()
    branches = {b.code: b for b in Branch.objects.all()}
    halls = {h.code: h for h in Hall.objects.select_related("branch")}
    existing = {
        s.staff_no: s for s in Staff.objects.filter(staff_no__in=[r.staff_no for r in rows]).select_related("hall")
    }
    for row in rows:
        if not _find_branch(branches, row.branch) and row.branch not in plan.new_branches:
            plan.new_branches.append(row.branch)
        hall = halls.get(row.hall_code)
        if hall is None and row.hall_code not in plan.new_halls:
            plan.new_halls.append(row.hall_code)
        staff = existing.get(row.staff_no)
        if staff is None:
            plan.create.append(row)
            continue
        diff = {f: (getattr(staff, f), getattr(row, f)) for f in STAFF_FIELDS if getattr(staff, f) != getattr(row, f)}
        if staff.hall.code != row.hall_code:
            diff["hall"] = (staff.hall.code, row.hall_code)
        branch = _find_branch(branches, row.branch)
        if hall is not None and (hall.name != row.hall_name or branch is None or hall.branch_id != branch.pk):
            diff["hall_info"] = (f"{hall.branch.code}/{hall.name}", f"{row.branch}/{row.hall_name}")
        if diff:
            plan.update.append((row, diff))
        else:
            plan.unchanged += 1
    return plan


@transaction.atomic
def staff_import_apply(*, rows: list[StaffRow]) -> ImportPlan:
    """Create or update branches, halls, staff and their user accounts; all or nothing."""
    plan = staff_import_plan(rows=rows)
    User = get_user_model()
    staff_group, _ = Group.objects.get_or_create(name=roles.STAFF)
    branches = {b.code: b for b in Branch.objects.all()}
    halls = {h.code: h for h in Hall.objects.all()}
    for row in rows:
        branch = _find_branch(branches, row.branch)
        if branch is None:
            branch = branches[row.branch] = Branch.objects.create(code=row.branch, name=row.branch)
        hall = halls.get(row.hall_code)
        if hall is None:
            hall = halls[row.hall_code] = Hall.objects.create(code=row.hall_code, name=row.hall_name, branch=branch)
        elif hall.name != row.hall_name or hall.branch_id != branch.pk:
            hall.name, hall.branch = row.hall_name, branch
            hall.save(update_fields=["name", "branch"])
        values = {f: getattr(row, f) for f in STAFF_FIELDS} | {"hall": hall}
        staff, created = Staff.objects.get_or_create(staff_no=row.staff_no, defaults=values)
        if not created and any(getattr(staff, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(staff, k, v)
            staff.save()
        if staff.user_id is None:
            user, user_created = User.objects.get_or_create(username=row.staff_no, defaults={"first_name": row.name})
            if user_created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            user.groups.add(staff_group)
            staff.user = user
            staff.save(update_fields=["user"])
    return plan
