"""Trainers write appraisals; hall managers read (and sign, checked per object) and HR reads them."""

from django.db import migrations

from people.roles import grant_group_permissions

PERMISSIONS = {
    "Trainer": ["records.add_appraisal", "records.change_appraisal", "records.view_appraisal"],
    "Hall manager": ["records.view_appraisal"],
    "HR": ["records.view_appraisal"],
}


def grant(apps, schema_editor):
    for name, perms in PERMISSIONS.items():
        grant_group_permissions(apps, name, perms)


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial"), ("people", "0002_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
