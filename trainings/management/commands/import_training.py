"""``manage.py import_training FILE``: attendance rows grouped into sessions, all rows or none."""

from django.utils.translation import gettext as _

from lms.commands import LocalizedCommand
from people.imports import run_import
from trainings.imports import TRAINING_HEADER, validate_training_rows
from trainings.models import TrainingSession
from trainings.services import training_import


class Command(LocalizedCommand):
    help = (
        "Import training attendance (header: " + ",".join(TRAINING_HEADER) + "). occurred_at is ISO 8601, "
        "Asia/Shanghai when it has no offset. Re-running the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        result = run_import(self, file, TRAINING_HEADER, validate_training_rows, training_import, model=TrainingSession)
        counts = {"created": result.created, "unchanged": result.unchanged}
        self.stdout.write(_("培训场次：新增 %(created)s，已存在 %(unchanged)s。") % counts)
