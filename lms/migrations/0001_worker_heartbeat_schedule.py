from django.db import migrations

from lms.migration_ops import interval_task_scheduled


class Migration(migrations.Migration):
    dependencies = [("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [
        interval_task_scheduled(name="工作进程心跳（每分钟）", task="lms.tasks.worker_heartbeat", every=1, period="minutes")
    ]
