"""Schedule the quiz ticks (crontabs in Asia/Shanghai) and let HR edit the beat schedules in the admin."""

from django.db import migrations

from people.roles import grant_group_permissions

TASKS = {
    "compliance.tasks.weekly_quizzes_tick": ("每周测验（周一 08:00）", {"day_of_week": "1", "day_of_month": "*"}),
    "compliance.tasks.backbone_quizzes_tick": ("骨干月度测验（每月 1 日 08:00）", {"day_of_week": "*", "day_of_month": "1"}),
}
REMINDERS = "compliance.tasks.quiz_reminders_tick"
HR = [
    f"django_celery_beat.{a}_{m}"
    for m in ("periodictask", "crontabschedule", "intervalschedule")
    for a in ("add", "change", "delete", "view")
]


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for task, (name, days) in TASKS.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="0", hour="8", month_of_year="*", timezone="Asia/Shanghai", **days
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})
    every, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.get_or_create(name="测验截止提醒（每 15 分钟）", defaults={"task": REMINDERS, "interval": every})
    grant_group_permissions(apps, "HR", HR)


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task__in=[*TASKS, REMINDERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0004_reminder_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("people", "0002_roles"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
