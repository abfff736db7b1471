"""Demo content of records: a draft appraisal of the demo trainee, with three scored exams to chart."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from evidence.models import EventKind, EventSource
from evidence.services import training_event_record
from people.models import Staff

from .models import Appraisal, AppraisalItem, Rating, SkillCategory

PLAN = [
    ("综合受理：开户与过户办理", SkillCategory.BUSINESS, True),
    ("前台销售：套餐推荐与办理", SkillCategory.BUSINESS, True),
    ("迎送礼仪与服务忌语", SkillCategory.SERVICE, True),
    ("投诉接待：受理、解释、方案、回访", SkillCategory.SERVICE, False),
]
EXAMS = [(-80, "岗前考试：服务礼仪", 72), (-50, "月度考试：业务办理", 81.5), (-20, "月度考试：投诉处理", 90)]


def seed_records(*, today: datetime.date, stdout) -> None:
    """Create the demo appraisal once (an existing one, even signed, is left as it is)."""
    staff = Staff.objects.filter(user__username="demo_staff").first()
    trainer = get_user_model().objects.filter(username="demo_trainer").first()
    if staff is None or trainer is None:
        return
    tz = timezone.get_default_timezone()
    for days, topic, score in EXAMS:
        day = today + datetime.timedelta(days=days)
        training_event_record(
            staff_id=staff.pk,
            kind=EventKind.OTHER,
            occurred_at=datetime.datetime.combine(day, datetime.time(15), tzinfo=tz),
            source=EventSource.IMPORT,
            source_ref=f"demo:records:{topic}",
            topic=topic,
            score=score,
        )
    if Appraisal.objects.filter(staff=staff).exists():
        stdout.write("学员综合评定：演示数据已存在。")
        return
    appraisal = Appraisal.objects.create(
        staff=staff,
        trainer=trainer,
        period_start=today - datetime.timedelta(days=90),
        period_end=today,
        sessions_planned=12,
        sessions_attended=11,
        attendance_note="病假一次",
        text="该学员学习态度端正，业务办理熟练，服务礼仪规范；投诉处理还需在实际接待中多加练习。",
        rating=Rating.GOOD,
    )
    AppraisalItem.objects.bulk_create(
        AppraisalItem(appraisal=appraisal, sort_order=n, item=item, category=cat, done=done)
        for n, (item, cat, done) in enumerate(PLAN)
    )
    stdout.write("学员综合评定：已创建演示评定（草稿，待营业厅经理签署）。")
