"""The demo organisation: 2 branches, 4 halls, 40 staff and the four demo logins.

Built through the same import service as real data, so the demo exercises the real path.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import roles
from .imports import StaffRow
from .models import Branch, Hall, Leave, LeaveKind, Staff
from .posts import Post
from .services import staff_change_record, staff_import_apply

HALLS = [
    ("QC", "青城市分公司", "QC01", "青城中山路营业厅"),
    ("QC", "青城市分公司", "QC02", "青城滨江营业厅"),
    ("JW", "江湾市分公司", "JW01", "江湾人民广场营业厅"),
    ("JW", "江湾市分公司", "JW02", "江湾高新区营业厅"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["晓燕", "建国", "丽娜", "志强", "海燕", "伟", "静", "磊", "婷婷", "俊杰"]
POST_CYCLE = [
    Post.DUTY_MANAGER,
    Post.GREETER,
    Post.FRONT_DESK,
    Post.COUNTER,
    Post.COUNTER,
    Post.COMPLAINT,
    Post.RETENTION,
    Post.FRONT_DESK,
    Post.STOCK_KEEPER,
    Post.AUDITOR,
]
DEMO_USERS = ("demo_staff", "demo_trainer", "demo_manager", "demo_hr")


def demo_rows(today: datetime.date) -> list[StaffRow]:
    """Return the 40 demo people: per hall one manager and nine others, some backbone, some new hires."""
    rows = []
    for h, (branch, _bname, hall_code, hall_name) in enumerate(HALLS):
        for i in range(10):
            n = h * 10 + i
            post = Post.HALL_MANAGER if i == 0 else POST_CYCLE[i]
            hired = datetime.date(2018 + n % 6, 1 + n % 12, 1 + n % 27)
            if i in (8, 9):  # two new hires per hall, recent enough to need onboarding training
                hired = today - datetime.timedelta(days=3 + 10 * (i - 8) + h)
            left = datetime.date(today.year, 3, 31) if (h, i) == (1, 7) else None
            rows.append(
                StaffRow(
                    line=n + 2,
                    staff_no=f"{hall_code}{i + 1:03d}",
                    name=SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 3) % len(GIVEN)],
                    branch=branch,
                    hall_code=hall_code,
                    hall_name=hall_name,
                    post=post,
                    is_backbone=i in (1, 2, 4, 5),
                    hired_on=hired,
                    left_on=left,
                )
            )
    return rows


def _login(username: str, *, first_name: str, groups: list[str], staff: Staff | None = None):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username, defaults={"first_name": first_name})
    user.first_name = first_name
    user.set_password(settings.PEIXUN_DEMO_PASSWORD)
    user.save()
    user.groups.set(Group.objects.filter(name__in=groups))
    if staff is not None and staff.user_id != user.pk:
        Staff.objects.filter(user=user).exclude(pk=staff.pk).update(user=None)
        old = staff.user
        staff.user = user
        staff.save(update_fields=["user"])
        if old is not None and old.username == staff.staff_no:
            old.delete()
    return user


def seed_people(*, today: datetime.date) -> dict[str, int]:
    """Create or refresh the demo organisation and logins; safe to run again."""
    rows = demo_rows(today)
    for code, name, _hall_code, _hall_name in HALLS:
        Branch.objects.update_or_create(code=code, defaults={"name": name})
    plan = staff_import_apply(rows=rows)
    # Each hall manager gets the Hall manager role on their imported account.
    for manager in Staff.objects.filter(post=Post.HALL_MANAGER, user__isnull=False).select_related("user"):
        manager.user.groups.add(Group.objects.get(name=roles.HALL_MANAGER))
    staff = Staff.objects.get(staff_no="QC01004")
    manager = Staff.objects.get(staff_no="QC01001")
    _login("demo_staff", first_name=staff.name, groups=[roles.STAFF], staff=staff)
    _login("demo_manager", first_name=manager.name, groups=[roles.STAFF, roles.HALL_MANAGER], staff=manager)
    trainer = _login("demo_trainer", first_name="培训师 周老师", groups=[roles.TRAINER])
    _login("demo_hr", first_name="人力资源 孙主管", groups=[roles.HR])
    for hall in Hall.objects.filter(code__in=["QC01", "QC02"]):
        hall.trainers.add(trainer)
    _seed_history(today)
    return {"created": len(plan.create), "updated": len(plan.update), "unchanged": plan.unchanged}


def _seed_history(today: datetime.date) -> None:
    """Some history for the dashboards and the admin: QC01005 became backbone on 15 July, QC01007 is on
    maternity leave around today. Recording the same facts again changes nothing."""
    riser = Staff.objects.get(staff_no="QC01005")
    since = datetime.date(today.year, 7, 15)
    if riser.hired_on < since <= today:
        facts = {"hall": riser.hall, "post": riser.post}
        staff_change_record(staff=riser, effective_on=riser.hired_on, is_backbone=False, **facts)
        staff_change_record(staff=riser, effective_on=since, is_backbone=True, **facts)
    mother = Staff.objects.get(staff_no="QC01007")
    start = today - datetime.timedelta(days=60)
    if not Leave.objects.filter(staff=mother).exists() and start >= mother.hired_on:
        Leave.objects.create(
            staff=mother, kind=LeaveKind.MATERNITY, start=start, end=start + datetime.timedelta(days=97)
        )
