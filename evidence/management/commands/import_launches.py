"""``manage.py import_launches FILE``: new services (新业务) from CSV or XLSX, all rows or none."""

from django.utils.translation import gettext as _

from evidence.imports import LAUNCH_HEADER, validate_launch_rows
from evidence.models import Launch
from evidence.services import launches_import
from lms.commands import LocalizedCommand
from people.imports import run_import


class Command(LocalizedCommand):
    help = "Import launches (header: " + ",".join(LAUNCH_HEADER) + "; hall_codes separated by ';', empty = all)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        result = run_import(self, file, LAUNCH_HEADER, validate_launch_rows, launches_import, model=Launch)
        counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        self.stdout.write(_("新业务：新增 %(created)s，更新 %(updated)s，未变 %(unchanged)s。") % counts)
