"""``manage.py import_training FILE``: attendance rows grouped into sessions, all rows or none."""

from django.core.management.base import BaseCommand

from compliance.imports import TRAINING_HEADER, validate_training_rows
from compliance.services import training_import

from ._files import run_import


class Command(BaseCommand):
    help = (
        "Import training attendance (header: " + ",".join(TRAINING_HEADER) + "). occurred_at is ISO 8601, "
        "Asia/Shanghai when it has no offset. Re-running the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        result = run_import(self, file, TRAINING_HEADER, validate_training_rows, training_import)
        self.stdout.write(f"培训场次：新增 {result.created}，已存在 {result.unchanged}。")
