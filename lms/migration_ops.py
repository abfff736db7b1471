"""Operations for migrations that move a model from one app to another while keeping its table.

Permissions and admin log entries hang on the model's content type: renaming its ``app_label`` (rather
than letting ``post_migrate`` create a new one) keeps every group's grants, e.g. HR's
``view_trainingevent`` follows the model from ``compliance`` to ``evidence``.
"""

from django.db import migrations


def _relabel(apps, from_app: str, to_app: str, models: list[str]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        old = ContentType.objects.filter(app_label=from_app, model=model).first()
        if old is None:
            continue
        # A content type made for the new app by an earlier post_migrate holds no grants yet: drop it.
        ContentType.objects.filter(app_label=to_app, model=model).delete()
        old.app_label = to_app
        old.save(update_fields=["app_label"])


def content_types_moved(*, from_app: str, to_app: str, models: list[str]) -> migrations.RunPython:
    """Return a reversible ``RunPython`` that relabels the content types of ``models`` (lower-case names)."""
    return migrations.RunPython(
        lambda apps, _: _relabel(apps, from_app, to_app, models),
        lambda apps, _: _relabel(apps, to_app, from_app, models),
    )


def interval_task_scheduled(*, name: str, task: str, every: int, period: str) -> migrations.RunPython:
    """Return the operation that adds a beat entry running ``task`` every ``every`` ``period`` (``"minutes"``,
    ``"hours"``) under ``name`` (kept if it exists, so an HR edit survives), and removes it on reverse.
    The migration depends on ``django_celery_beat``."""

    def schedule(apps, schema_editor):
        interval, _ = apps.get_model("django_celery_beat", "IntervalSchedule").objects.get_or_create(
            every=every, period=period
        )
        apps.get_model("django_celery_beat", "PeriodicTask").objects.get_or_create(
            name=name, defaults={"task": task, "interval": interval}
        )

    def unschedule(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=task).delete()

    return migrations.RunPython(schedule, unschedule)


def crontab_task_scheduled(*, name: str, task: str, **crontab: str) -> migrations.RunPython:
    """Return the operation that adds a beat entry running ``task`` on a crontab in Asia/Shanghai
    (``minute="30", hour="8", day_of_week="1"``; fields not given are ``*``) under ``name`` (kept if it
    exists, so an HR edit survives), and removes it on reverse. The migration depends on
    ``django_celery_beat``."""
    fields = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"} | crontab

    def schedule(apps, schema_editor):
        schedule, _ = apps.get_model("django_celery_beat", "CrontabSchedule").objects.get_or_create(
            timezone="Asia/Shanghai", **fields
        )
        apps.get_model("django_celery_beat", "PeriodicTask").objects.get_or_create(
            name=name, defaults={"task": task, "crontab": schedule}
        )

    def unschedule(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=task).delete()

    return migrations.RunPython(schedule, unschedule)
