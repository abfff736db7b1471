from django.db import migrations

from people.roles import grant_group_permissions

HR = [
    *(f"compliance.{a}_{m}" for m in ("launch", "trainingsession") for a in ("add", "change", "delete", "view")),
    "compliance.view_trainingevent",
    "compliance.view_attendance",
    "compliance.change_compliancesettings",
]
TRAINER = ["compliance.view_launch"]


def grant(apps, schema_editor):
    grant_group_permissions(apps, "HR", HR)
    grant_group_permissions(apps, "Trainer", TRAINER)


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0002_sessions_launches_settings"),
        ("people", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
