from django.db import migrations

from lms.migration_ops import interval_task_scheduled


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0005_export_job_progress"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        interval_task_scheduled(name="批量导出巡检（每 5 分钟）", task="records.tasks.export_jobs_sweep", every=5, period="minutes")
    ]
