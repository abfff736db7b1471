
"""Lesson progress remembers when the lesson was first served; rows from before count from their start."""

from django.db import migrations, models
from django.db.models import F


def opened_at_start(apps, schema_editor):
    apps.get_model("courses", "LessonProgress").objects.filter(opened_at__isnull=True).update(opened_at=F("started_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0003_identifier_validators'),
    ]

    operations = [
        migrations.AddField(
            model_name='lessonprogress',
            name='opened_at',
            field=models.DateTimeField(blank=True, help_text='服务器第一次向此人展示本课的时间；阅读时长从此计算。', null=True, verbose_name='首次打开时间'),
        ),
        migrations.RunPython(opened_at_start, migrations.RunPython.noop),
    ]
