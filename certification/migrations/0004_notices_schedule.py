"""Schedule the daily certification notices (Asia/Shanghai, 09:00): expiry reminders and lapses."""

from django.db import migrations

TASK = "certification.tasks.certification_notices_tick"
NAME = "上岗认证：到期提醒与逾期通知（每天 09:00）"


def forward(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour="9",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.get_or_create(name=NAME, defaults={"task": TASK, "crontab": crontab})


def backward(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [("certification", "0003_program_posts_checkboxes")]

    operations = [migrations.RunPython(forward, backward)]
