"""Trainers and HR author programs and record practical assessments; HR also manages certificates.
Schedule the daily ticks (Asia/Shanghai): the sweep that issues missed certificates, then the work."""

from django.db import migrations

from people.roles import grant_group_permissions

ACTIONS = ("add", "change", "delete", "view")
TRAINER = [
    *(f"certification.{a}_program" for a in ACTIONS),
    "certification.add_practicalassessment",
    "certification.view_practicalassessment",
    "certification.view_certificate",
]
HR = [
    *TRAINER,
    "certification.change_practicalassessment",
    "certification.change_certificate",
]
TASKS = {
    "certification.tasks.certification_sweep": ("上岗认证：补查取证（每天 02:30）", "2", "30"),
    "certification.tasks.certification_assign_tick": ("上岗认证：指派课程与考试（每天 07:30）", "7", "30"),
}


def forward(apps, schema_editor):
    grant_group_permissions(apps, "Trainer", TRAINER)
    grant_group_permissions(apps, "HR", HR)
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for task, (name, hour, minute) in TASKS.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab})


def backward(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task__in=list(TASKS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0001_initial"),
        ("people", "0002_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forward, backward)]
