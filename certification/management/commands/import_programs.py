"""``manage.py import_programs FILE``: certification programs from CSV or XLSX, by code, all rows or none."""

from django.utils.translation import gettext as _

from certification.imports import PROGRAM_COLUMNS, PROGRAM_HEADER, validate_program_rows
from certification.models import Program
from certification.services import programs_import
from lms.commands import LocalizedCommand
from people.imports import import_arguments, run_import, template_write


class Command(LocalizedCommand):
    help = (
        "Import certification programs (header: " + ",".join(PROGRAM_HEADER) + "; posts are ';'-separated codes "
        "or Chinese names, empty = all posts). Requirements are set in the admin or the curriculum files."
    )

    def add_arguments(self, parser):
        import_arguments(parser)

    def handle(self, *args, file, template, **options):
        if template:
            return template_write(self, template, PROGRAM_COLUMNS)
        result = run_import(
            self, file, PROGRAM_HEADER, validate_program_rows, programs_import, model=Program, columns=PROGRAM_COLUMNS
        )
        counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        self.stdout.write(_("认证项目：新增 %(created)s，更新 %(updated)s，未变 %(unchanged)s。") % counts)
