"""``manage.py import_training FILE``: attendance rows grouped into sessions, all rows or none."""

from django.utils.translation import gettext as _

from lms.commands import LocalizedCommand
from people.imports import import_arguments, run_import, template_write
from trainings.imports import TRAINING_COLUMNS, TRAINING_HEADER, validate_training_rows
from trainings.models import TrainingSession
from trainings.services import training_import


class Command(LocalizedCommand):
    help = (
        "Import training attendance (header: " + ",".join(TRAINING_HEADER) + "). occurred_at is ISO 8601, "
        "Asia/Shanghai when it has no offset. Re-running the same file changes nothing."
    )

    def add_arguments(self, parser):
        import_arguments(parser)

    def handle(self, *args, file, template, **options):
        if template:
            return template_write(self, template, TRAINING_COLUMNS)
        result = run_import(
            self,
            file,
            TRAINING_HEADER,
            validate_training_rows,
            training_import,
            model=TrainingSession,
            columns=TRAINING_COLUMNS,
        )
        counts = {"created": result.created, "unchanged": result.unchanged}
        self.stdout.write(_("培训场次：新增 %(created)s，已存在 %(unchanged)s。") % counts)
