"""Create the four role groups and give each its model permissions."""

from django.db import migrations

from people.roles import grant_group_permissions

PERMISSIONS = {
    "Staff": [],
    "Trainer": ["wagtailadmin.access_admin"],
    "Hall manager": ["wagtailadmin.access_admin"],
    "HR": [
        "wagtailadmin.access_admin",
        *(f"people.{action}_{model}" for model in ("branch", "hall", "staff") for action in ("add", "change", "delete", "view")),
    ],
}


def create_roles(apps, schema_editor):
    for name, perms in PERMISSIONS.items():
        grant_group_permissions(apps, name, perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
