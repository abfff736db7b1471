"""Demo training history for the demo halls: a plausible year so the dashboards show real data.

Built through the same services as real data (``training_import``, ``launch_announce``,
``session_create``); running it again changes nothing.
"""

import datetime
import zlib

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext

from evidence.models import Launch
from people.models import Staff
from trainings.imports import TrainingRow
from trainings.models import TrainingSession
from trainings.services import session_create, training_import

from . import periods
from .scheduling import backbone_quizzes_assign, weekly_quizzes_assign
from .services import launch_announce

DEMO_HALLS = ("QC01", "QC02", "JW01", "JW02")
LAUNCHES = [
    ("DEMO-5G", "5G 畅享套餐", (2, 10), ()),
    ("DEMO-FTTR", "全屋光宽带 FTTR", (4, 14), ("QC01", "QC02")),
    ("DEMO-ROAM", "国际漫游包", (6, 18), ()),
    ("DEMO-CLOUD", "家庭云盘", (9, 8), ("JW01", "JW02")),
]


def _skip(*parts, one_in: int) -> bool:
    """A stable pseudo-random "this person missed it", so the demo has gaps that stay put."""
    return zlib.crc32("|".join(map(str, parts)).encode()) % one_in == 0


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return periods.day_start(day) + datetime.timedelta(hours=hour)


def _employed(s: Staff, day: datetime.date) -> bool:
    """Employed and not on leave that day (``leaves`` is prefetched: people on leave get no training)."""
    leaves = tuple((leave.start, leave.end) for leave in s.leaves.all())
    return periods.employed_for(day, day, hired_on=s.hired_on, left_on=s.left_on, leaves=leaves)


def _row(s: Staff, kind: str, at, topic: str, trainer: str, place: str, launch: str = "") -> TrainingRow:
    return TrainingRow(0, s.staff_no, kind, at.astimezone(datetime.UTC), topic, trainer, place, None, launch)


def demo_rows(staff: list[Staff], launches: dict[str, Launch], now: datetime.datetime) -> list[TrainingRow]:
    today = periods.local_day(now)
    rows = []
    for monday in periods.week_mondays_of_year(today.year):
        day = monday + datetime.timedelta(days=1)
        if _at(day, 10) > now:
            break
        week = periods.week_code(monday)
        for s in staff:
            if _employed(s, day) and not _skip(s.staff_no, week, one_in=14):
                rows.append(_row(s, "weekly", _at(day, 9), f"{week} 周例会培训", "营业厅经理", s.hall.name))
    for month in range(1, today.month + 1):
        day = datetime.date(today.year, month, 15)
        if _at(day, 15) > now:
            break
        kind = "centralized" if month % 3 == 0 else "plan"
        topic = f"{month} 月{'集中' if kind == 'centralized' else '计划'}培训"
        backbone_day = datetime.date(today.year, month, 20)
        for s in staff:
            if _employed(s, day) and not _skip(s.staff_no, month, kind, one_in=9):
                rows.append(_row(s, kind, _at(day, 14), topic, "周老师", "市公司培训中心"))
            if s.is_backbone and _employed(s, backbone_day) and _at(backbone_day, 16) <= now:
                if not _skip(s.staff_no, month, "backbone", one_in=7):
                    rows.append(
                        _row(s, "backbone", _at(backbone_day, 16), f"{month} 月骨干培训", "市公司督导", "市公司")
                    )
    for code, launch in launches.items():
        at = launch.announced_at + datetime.timedelta(hours=20)
        halls = set(launch.halls.values_list("code", flat=True))
        for s in staff:
            in_scope = not halls or s.hall.code in halls
            if in_scope and at <= now and _employed(s, periods.local_day(launch.announced_at)):
                if not _skip(s.staff_no, code, one_in=10):
                    rows.append(_row(s, "new_service", at, f"新业务：{launch.name}", "周老师", s.hall.name, code))
    for s in staff:
        if s.hired_on.year == today.year and s.hired_on <= today and not _skip(s.staff_no, "onb", one_in=2):
            rows.append(_row(s, "onboarding", _at(s.hired_on, 15), "入职安全与保密教育", "周老师", s.hall.name))
    return rows


def seed_compliance_demo(*, now: datetime.datetime, stdout=None) -> None:
    staff = list(Staff.objects.filter(hall__code__in=DEMO_HALLS).select_related("hall").prefetch_related("leaves"))
    if not staff:
        return
    year = periods.local_day(now).year
    launches = {}
    for code, name, (month, day), hall_codes in LAUNCHES:
        at = _at(datetime.date(year, month, day), 10)
        if at > now:
            continue
        launch, _ = Launch.objects.get_or_create(code=code, defaults={"name": name, "announced_at": at})
        launch.halls.set([s.hall for s in staff if s.hall.code in hall_codes])
        launches[code] = launch
    fresh_at = (now - datetime.timedelta(hours=6)).replace(minute=0, second=0, microsecond=0)
    fresh, _ = Launch.objects.get_or_create(
        code=f"DEMO-ESIM-{year}", defaults={"name": "eSIM 手表副卡", "announced_at": fresh_at}
    )
    launch_announce(launch=fresh)  # past launches are history; only the fresh one is announced now
    result = training_import(rows=demo_rows(staff, launches, now))
    today = periods.local_day(now)
    # This week's and this month's quizzes, as the Monday and 1st-of-month ticks would have assigned them.
    for at, assign in (
        (_at(periods.week_monday(today), 8), weekly_quizzes_assign),
        (_at(today.replace(day=1), 8), backbone_quizzes_assign),
    ):
        if at <= now:
            assign(at=at)
    trainer = get_user_model().objects.filter(username="demo_trainer").first()
    topic = "今日培训：投诉处理四步法"
    if trainer and not TrainingSession.objects.filter(topic=topic, starts_at=periods.day_start(today)).exists():
        session_create(
            trainer=trainer,
            halls=list({s.hall for s in staff if s.hall.code in ("QC01", "QC02")}),
            kind="weekly",
            topic=topic,
            starts_at=periods.day_start(today),
            ends_at=periods.day_start(today + datetime.timedelta(days=1)) - datetime.timedelta(minutes=1),
            place="青城中山路营业厅 二楼",
        )
    if stdout is not None:
        counts = {"created": result.created, "unchanged": result.unchanged, "launches": len(launches) + 1}
        stdout.write(gettext("培训记录：新增场次 %(created)s，已有 %(unchanged)s；新业务 %(launches)s 项。") % counts)


def seed_demo(*, stdout=None) -> None:
    seed_compliance_demo(now=timezone.now(), stdout=stdout)
