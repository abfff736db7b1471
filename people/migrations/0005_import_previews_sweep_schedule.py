"""Schedule the hourly sweep of unconfirmed import previews (files in var/imports older than a day)."""

from django.db import migrations

from lms.migration_ops import interval_task_scheduled


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_identifier_validators"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        interval_task_scheduled(name="导入预览清理（每小时）", task="people.tasks.import_previews_sweep", every=1, period="hours")
    ]
