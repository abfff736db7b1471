"""Let HR and hall managers keep their halls' robots and read the log; schedule the weekly hall digest
(Monday 08:30 Asia/Shanghai)."""

from django.db import migrations

from lms.migration_ops import crontab_task_scheduled
from people.roles import grant_group_permissions

ROBOTS = [f"notices.{a}_hallrobot" for a in ("add", "change", "delete", "view")]
LOG = ["notices.view_robotdelivery"]


def grant(apps, schema_editor):
    for group in ("HR", "Hall manager"):
        grant_group_permissions(apps, group, ROBOTS + LOG)


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0003_hall_robots"),
        ("people", "0002_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        crontab_task_scheduled(
            name="营业厅培训周报：群机器人（周一 08:30）",
            task="notices.tasks.hall_digests_tick",
            minute="30",
            hour="8",
            day_of_week="1",
        ),
    ]
