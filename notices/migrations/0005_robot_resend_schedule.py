"""Every 15 minutes, send the robot messages whose task was never queued (the broker was down)."""

from django.db import migrations

from lms.migration_ops import interval_task_scheduled


class Migration(migrations.Migration):
    dependencies = [("notices", "0004_robot_permissions_and_digest")]

    operations = [
        interval_task_scheduled(
            name="群机器人消息补发（每 15 分钟）",
            task="notices.tasks.robot_deliveries_resend_tick",
            every=15,
            period="minutes",
        )
    ]
