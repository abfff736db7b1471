"""``manage.py import_launches FILE``: new services (新业务) from CSV or XLSX, all rows or none."""

from django.core.management.base import BaseCommand

from compliance.imports import LAUNCH_HEADER, validate_launch_rows
from compliance.services import launches_import

from ._files import run_import


class Command(BaseCommand):
    help = "Import launches (header: " + ",".join(LAUNCH_HEADER) + "; hall_codes separated by ';', empty = all)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        result = run_import(self, file, LAUNCH_HEADER, validate_launch_rows, launches_import)
        self.stdout.write(f"新业务：新增 {result.created}，更新 {result.updated}，未变 {result.unchanged}。")
