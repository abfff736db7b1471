"""Trainers author the bank, quizzes and polls; HR may do everything trainers do."""

from django.db import migrations

from people.roles import grant_group_permissions

PERMS = [
    f"exams.{action}_{model}"
    for model in ("question", "questioncategory", "quiz", "poll")
    for action in ("add", "change", "delete", "view")
]


def grant(apps, schema_editor):
    for group in ("Trainer", "HR"):
        grant_group_permissions(apps, group, PERMS)


class Migration(migrations.Migration):
    dependencies = [("exams", "0002_overdue_schedule"), ("people", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
