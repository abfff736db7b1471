"""``manage.py import_launches FILE``: new services (新业务) from CSV or XLSX, all rows or none."""

from django.utils.translation import gettext as _

from evidence.imports import LAUNCH_COLUMNS, LAUNCH_HEADER, validate_launch_rows
from evidence.models import Launch
from evidence.services import launches_import
from lms.commands import LocalizedCommand
from people.imports import import_arguments, run_import, template_write


class Command(LocalizedCommand):
    help = "Import launches (header: " + ",".join(LAUNCH_HEADER) + "; hall_codes separated by ';', empty = all)."

    def add_arguments(self, parser):
        import_arguments(parser)

    def handle(self, *args, file, template, **options):
        if template:
            return template_write(self, template, LAUNCH_COLUMNS)
        result = run_import(
            self, file, LAUNCH_HEADER, validate_launch_rows, launches_import, model=Launch, columns=LAUNCH_COLUMNS
        )
        counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        self.stdout.write(_("新业务：新增 %(created)s，更新 %(updated)s，未变 %(unchanged)s。") % counts)
