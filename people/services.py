"""Writes to the organisation: a person's facts through time, applying a validated staff import atomically."""

import datetime
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from i18n.messages import Message
from lms.uploads import BATCH, in_batches

from . import roles
from .history import Change, Facts, facts_on, history_edit, history_start
from .identifiers import identifier_problem
from .imports import RowError, StaffRow
from .leaves import Employment, LeaveRow, Period, validate_leave_rows
from .models import Branch, Hall, Leave, Staff, StaffChange
from .posts import Post

STAFF_FIELDS = ("name", "hired_on", "left_on")
FACT_FIELDS = ("hall", "post", "is_backbone")


def facts_of(staff: Staff) -> Facts:
    return Facts(staff.hall_id, staff.post, staff.is_backbone)


def _history_write(staff: Staff, rows: list[StaffChange], new: list[Change]) -> None:
    """Make ``staff``'s StaffChange rows equal ``new`` (writing only the difference); Staff keeps the latest facts."""
    old = {r.effective_on: r for r in rows}
    wanted = {c.effective_on: c.facts for c in new}
    StaffChange.objects.filter(pk__in=[r.pk for day, r in old.items() if day not in wanted]).delete()
    for day, facts in wanted.items():
        row = old.get(day)
        if row is None:
            StaffChange.objects.create(
                staff=staff, effective_on=day, hall_id=facts.hall, post=facts.post, is_backbone=facts.is_backbone
            )
        elif facts_of(row) != facts:
            row.hall_id, row.post, row.is_backbone = facts.hall, facts.post, facts.is_backbone
            row.save(update_fields=list(FACT_FIELDS))
    latest = new[-1].facts
    if facts_of(staff) != latest:
        staff.hall_id, staff.post, staff.is_backbone = latest.hall, latest.post, latest.is_backbone
        Staff.objects.filter(pk=staff.pk).update(hall_id=latest.hall, post=latest.post, is_backbone=latest.is_backbone)


def _history(staff_id: int) -> list[StaffChange]:
    return list(StaffChange.objects.filter(staff_id=staff_id).order_by("effective_on"))


def _changes(rows) -> list[Change]:
    return [Change(r.effective_on, facts_of(r)) for r in rows]


@transaction.atomic
def staff_change_record(*, staff: Staff, effective_on: datetime.date, hall: Hall, post: str, is_backbone: bool) -> bool:
    """Record that ``staff`` works in ``hall`` as ``post`` (backbone or not) from ``effective_on``; return whether
    anything changed.

    Upserts the change of that day when the facts differ from those in force then (a person without history
    first gets their current facts, as stored, from the hire date ``staff.hired_on``). ``Staff`` keeps the facts
    of the latest change, also when ``effective_on`` lies before it. ValueError for a day before the hire date.
    """
    if effective_on < staff.hired_on:
        raise ValueError(f"{effective_on} is before the hire date {staff.hired_on}")
    stored = Staff.objects.select_for_update().only(*FACT_FIELDS).get(pk=staff.pk)
    rows = _history(staff.pk)
    new = history_edit(
        _changes(rows),
        current=facts_of(stored),
        hired_on=staff.hired_on,
        effective_on=effective_on,
        facts=Facts(hall.pk, post, is_backbone),
    )
    staff.hall_id, staff.post, staff.is_backbone = stored.hall_id, stored.post, stored.is_backbone
    if new is None:
        return False
    _history_write(staff, rows, new)
    return True


def staff_history_begin(*, staff: Staff) -> None:
    """Give a new person their first facts, from the hire date (nothing when they have a history)."""
    if not StaffChange.objects.filter(staff=staff).exists():
        StaffChange.objects.create(
            staff=staff,
            effective_on=staff.hired_on,
            hall_id=staff.hall_id,
            post=staff.post,
            is_backbone=staff.is_backbone,
        )


@dataclass
class StaffUpdate:
    """A changed person: plain fields (old, new) and facts from ``effective_on`` (in force that day, new)."""

    row: StaffRow
    fields: dict[str, tuple]
    facts: dict[str, tuple]
    effective_on: datetime.date


@dataclass
class ImportPlan:
    """What an import would change: new and changed people, new places."""

    create: list[StaffRow] = field(default_factory=list)
    update: list[StaffUpdate] = field(default_factory=list)
    unchanged: int = 0
    new_branches: list[str] = field(default_factory=list)
    new_halls: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.create or self.update or self.new_branches or self.new_halls)


def _find_branch(branches: dict[str, Branch], key: str) -> Branch | None:
    return branches.get(key) or next((b for b in branches.values() if b.name == key), None)


def _effective_on(row: StaffRow, today: datetime.date) -> datetime.date:
    """The day a row's facts hold from: its ``effective_on``, else the import day (a future hire: the hire date)."""
    return row.effective_on or max(today, row.hired_on)


def _histories(staff_ids) -> dict[int, list[StaffChange]]:
    out: dict[int, list[StaffChange]] = {}
    for batch in in_batches(staff_ids):
        for change in StaffChange.objects.filter(staff_id__in=batch).order_by("effective_on"):
            out.setdefault(change.staff_id, []).append(change)
    return out


def _shown(facts: Facts) -> dict[str, str]:
    """The facts as the preview shows them (labels in the active language)."""
    return {
        str(_("营业厅")): facts.hall,
        str(_("岗位")): str(Post(facts.post).label),
        str(_("营业骨干")): str(_("是") if facts.is_backbone else _("否")),
    }


def _usernames_taken(staff_nos: list[str]) -> set[str]:
    """The staff numbers that are already the user name of an account an import may not take over.

    An account linked to another person, a superuser or admin account, or one holding any role beyond
    Staff (trainer, manager, HR) keeps its rights to itself; a leftover plain account is linked.
    """
    User = get_user_model()
    users = {}
    for batch in in_batches(staff_nos):
        users.update(
            (pk, (name, admin))
            for pk, name, admin in User.objects.filter(username__in=batch)
            .annotate(admin=Q(is_staff=True) | Q(is_superuser=True))
            .values_list("pk", "username", "admin")
        )
    taken = {pk for pk, (_name, admin) in users.items() if admin}
    for batch in in_batches(users):
        taken.update(Staff.objects.filter(user_id__in=batch).values_list("user_id", flat=True))
        taken.update(
            User.groups.through.objects.filter(user_id__in=batch)
            .exclude(group__name=roles.STAFF)
            .values_list("user_id", flat=True)
        )
    return {users[pk][0] for pk in taken}


def _staff_by_number(staff_nos, *, related: bool = False) -> dict[str, Staff]:
    qs = Staff.objects.select_related("hall") if related else Staff.objects.all()
    return {s.staff_no: s for batch in in_batches(staff_nos) for s in qs.filter(staff_no__in=batch)}


def staff_import_plan(*, rows: list[StaffRow], today: datetime.date | None = None) -> ImportPlan:
    """Compare validated rows with the database and return what applying them would change.

    ``errors`` lists the rows only the database can refuse: a staff number that is the user name of an
    account the import may not take over (``_usernames_taken``).
    """
    today = today or timezone.localdate()
    plan = ImportPlan()
    branches = {b.code: b for b in Branch.objects.all()}
    halls = {h.code: h for h in Hall.objects.select_related("branch")}
    codes = {h.pk: code for code, h in halls.items()}
    existing = _staff_by_number([r.staff_no for r in rows], related=True)
    taken = _usernames_taken(
        [r.staff_no for r in rows if r.staff_no not in existing or not existing[r.staff_no].user_id]
    )
    histories = _histories([s.pk for s in existing.values()])
    new_branches, new_halls = set(), set()  # the lists' members, for lookups in constant time
    for row in rows:
        if row.staff_no in taken:
            plan.errors.append(
                RowError(row.line, (Message(_("工号 %(staff_no)s 已是另一个登录账号的用户名"), staff_no=row.staff_no),))
            )
            continue
        if row.branch not in new_branches and not _find_branch(branches, row.branch):
            if problem := identifier_problem("branch", row.branch):
                plan.errors.append(RowError(row.line, (problem,)))  # a name: only of a known branch
                continue
            new_branches.add(row.branch)
            plan.new_branches.append(row.branch)
        hall = halls.get(row.hall_code)
        if hall is None and row.hall_code not in new_halls:
            new_halls.add(row.hall_code)
            plan.new_halls.append(row.hall_code)
        staff = existing.get(row.staff_no)
        if staff is None:
            plan.create.append(row)
            continue
        diff = {f: (getattr(staff, f), getattr(row, f)) for f in STAFF_FIELDS if getattr(staff, f) != getattr(row, f)}
        branch = _find_branch(branches, row.branch)
        if hall is not None and (hall.name != row.hall_name or branch is None or hall.branch_id != branch.pk):
            diff["hall_info"] = (f"{hall.branch.code}/{hall.name}", f"{row.branch}/{row.hall_name}")
        # Facts are compared by hall code here (a new hall has no id yet).
        history = [
            Change(c.effective_on, Facts(codes[c.hall_id], c.post, c.is_backbone)) for c in histories.get(staff.pk, [])
        ]
        current = Facts(staff.hall.code, staff.post, staff.is_backbone)
        day = _effective_on(row, today)
        wanted = Facts(row.hall_code, row.post, row.is_backbone)
        new = history_edit(history, current=current, hired_on=row.hired_on, effective_on=day, facts=wanted)
        in_force = facts_on(history_start(history or [Change(row.hired_on, current)], hired_on=row.hired_on), day)
        facts = {}
        if in_force != wanted:  # labels only for the changes shown (translating them is most of a row's cost)
            before, after = _shown(in_force), _shown(wanted)
            facts = {k: (before[k], after[k]) for k in after if before[k] != after[k]}
        if diff or new is not None:
            plan.update.append(StaffUpdate(row, diff, facts, day))
        else:
            plan.unchanged += 1
    return plan


def _places_ensure(rows: list[StaffRow]) -> dict[str, Hall]:
    """Create the rows' new branches and halls, move or rename known halls; return the halls by code."""
    branches = {b.code: b for b in Branch.objects.all()}
    halls = {h.code: h for h in Hall.objects.all()}
    for row in {r.hall_code: r for r in rows}.values():
        branch = _find_branch(branches, row.branch)
        if branch is None:
            branch = branches[row.branch] = Branch.objects.create(code=row.branch, name=row.branch)
        hall = halls.get(row.hall_code)
        if hall is None:
            halls[row.hall_code] = Hall.objects.create(code=row.hall_code, name=row.hall_name, branch=branch)
        elif hall.name != row.hall_name or hall.branch_id != branch.pk:
            hall.name, hall.branch = row.hall_name, branch
            hall.save(update_fields=["name", "branch"])
    for row in rows:  # a branch named only in a row whose hall was handled above
        if _find_branch(branches, row.branch) is None:
            branches[row.branch] = Branch.objects.create(code=row.branch, name=row.branch)
    return halls


def _accounts_ensure(names: dict[str, str]) -> dict[str, int]:
    """Give each staff number (→ name) a login in the Staff group, without a usable password; return their ids."""
    User = get_user_model()
    ids = {}
    for batch in in_batches(names):
        ids.update(User.objects.filter(username__in=batch).values_list("username", "pk"))
    new = User.objects.bulk_create(
        [User(username=no, first_name=name, password=_unusable()) for no, name in names.items() if no not in ids],
        batch_size=BATCH,
    )
    ids.update((user.username, user.pk) for user in new)
    group, _created = Group.objects.get_or_create(name=roles.STAFF)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=pk, group_id=group.pk) for pk in ids.values()],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return ids


def _unusable() -> str:
    """An unusable password as ``set_unusable_password`` writes it, from one call to the system's randomness."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _staff_update(update: StaffUpdate, staff: Staff, hall: Hall, rows_of: list[StaffChange], today) -> None:
    row = update.row
    values = {f: getattr(row, f) for f in STAFF_FIELDS}
    current = facts_of(staff)
    changed = [k for k, v in values.items() if getattr(staff, k) != v]
    if changed:
        for k in changed:
            setattr(staff, k, values[k])
        staff.save(update_fields=changed)
    new = history_edit(
        _changes(rows_of),
        current=current,
        hired_on=staff.hired_on,
        effective_on=_effective_on(row, today),
        facts=Facts(hall.pk, row.post, row.is_backbone),
    )
    if new is not None:
        _history_write(staff, rows_of, new)


@transaction.atomic
def staff_import_apply(*, rows: list[StaffRow], today: datetime.date | None = None) -> ImportPlan:
    """Create or update branches, halls, staff, their history and user accounts; all or nothing.

    A new person's facts hold from the hire date; a known person's hall, post and backbone status are
    recorded as a change from the row's ``effective_on`` (default: ``today``, the import day). Nothing is
    written when the plan has errors. New people, their history and accounts are written in batches
    (``lms.uploads.BATCH``), so 100,000 rows take a few hundred queries; changed people one by one.
    """
    today = today or timezone.localdate()
    plan = staff_import_plan(rows=rows, today=today)
    if plan.errors:
        return plan
    halls = _places_ensure(rows)
    existing = _staff_by_number([r.staff_no for r in rows])
    accounts = _accounts_ensure(
        {r.staff_no: r.name for r in rows if r.staff_no not in existing or not existing[r.staff_no].user_id}
    )
    created = Staff.objects.bulk_create(
        [
            Staff(
                staff_no=r.staff_no,
                name=r.name,
                hired_on=r.hired_on,
                left_on=r.left_on,
                hall=halls[r.hall_code],
                post=r.post,
                is_backbone=r.is_backbone,
                user_id=accounts[r.staff_no],
            )
            for r in plan.create
        ],
        batch_size=BATCH,
    )
    StaffChange.objects.bulk_create(
        [
            StaffChange(
                staff_id=staff.pk,
                effective_on=staff.hired_on,
                hall_id=staff.hall_id,
                post=staff.post,
                is_backbone=staff.is_backbone,
            )
            for staff in created
        ],
        batch_size=BATCH,
    )
    histories = _histories([existing[u.row.staff_no].pk for u in plan.update])
    for update in plan.update:
        staff = existing[update.row.staff_no]
        _staff_update(update, staff, halls[update.row.hall_code], histories.get(staff.pk, []), today)
    unlinked = [s for no, s in existing.items() if not s.user_id]
    for staff in unlinked:
        staff.user_id = accounts[staff.staff_no]
    Staff.objects.bulk_update(unlinked, ["user"], batch_size=BATCH)
    return plan


@dataclass
class LeavePlan:
    """What a leave file would change (new and changed periods), or every problem of its bad lines."""

    create: list[LeaveRow] = field(default_factory=list)
    update: list[tuple[LeaveRow, Leave]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def _leave_context(table, *, lock: bool = False):
    numbers = {row.get("staff_no", "").strip() for _line, row in table} - {""}
    people = Staff.objects.only("pk", "staff_no", "hired_on", "left_on")
    if lock:
        people = people.select_for_update()
    people = {s.staff_no: s for batch in in_batches(numbers) for s in people.filter(staff_no__in=batch)}
    leaves: dict[str, dict] = {}
    numbers_by_pk = {s.pk: no for no, s in people.items()}
    for batch in in_batches(numbers_by_pk):
        for leave in Leave.objects.filter(staff_id__in=batch):
            leaves.setdefault(numbers_by_pk[leave.staff_id], {})[leave.start] = leave
    return people, leaves


def leave_import_plan(*, table: list[tuple[int, dict[str, str]]], lock: bool = False) -> LeavePlan:
    """Validate the lines of a leave file (from ``read_table``) against the database; return what they change.

    A line is keyed by staff number and first day: the same period again is unchanged, a new end, kind
    or note updates it.
    """
    people, leaves = _leave_context(table, lock=lock)
    rows, errors = validate_leave_rows(
        table,
        staff={no: Employment(s.hired_on, s.left_on) for no, s in people.items()},
        existing={
            no: [Period(leave.start, leave.end) for leave in by_start.values()] for no, by_start in leaves.items()
        },
    )
    plan = LeavePlan(errors=errors)
    for row in rows:
        leave = leaves.get(row.staff_no, {}).get(row.start)
        if leave is None:
            plan.create.append(row)
        elif (leave.kind, leave.end) != (row.kind, row.end) or row.note not in (None, leave.note):
            plan.update.append((row, leave))
        else:
            plan.unchanged += 1
    return plan


@transaction.atomic
def leave_import_apply(*, table: list[tuple[int, dict[str, str]]]) -> LeavePlan:
    """Register the leave periods of a file: all of them, or nothing when any line is bad (``plan.errors``)."""
    plan = leave_import_plan(table=table, lock=True)
    if plan.errors:
        return plan
    ids = {no: s.pk for no, s in _staff_by_number({r.staff_no for r in plan.create}).items()}
    Leave.objects.bulk_create(
        [
            Leave(staff_id=ids[r.staff_no], kind=r.kind, start=r.start, end=r.end, note=r.note or "")
            for r in plan.create
        ],
        batch_size=BATCH,
    )
    for row, leave in plan.update:
        leave.kind, leave.end, leave.note = row.kind, row.end, leave.note if row.note is None else row.note
        leave.save(update_fields=["kind", "end", "note"])
    return plan
