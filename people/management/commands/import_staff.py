from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.commands import LocalizedCommand
from people.audit import audit_import
from people.imports import (
    HEADER,
    OPTIONAL,
    STAFF_COLUMNS,
    ImportFileError,
    check_size,
    import_arguments,
    import_path,
    read_as,
    read_table,
    rows_refused,
    template_write,
    validate_rows,
)
from people.services import staff_import_apply


class Command(LocalizedCommand):
    help = (
        "Import staff from CSV or XLSX (header: "
        + ",".join(HEADER)
        + "; optional: "
        + ",".join(OPTIONAL)
        + ", the day a change of hall/post/backbone holds from, default today). All rows or none."
    )

    def add_arguments(self, parser):
        import_arguments(parser)

    def handle(self, *args, file, template, **options):
        if template:
            return template_write(self, template, STAFF_COLUMNS)
        path = import_path(file)
        today = timezone.localdate()
        try:
            check_size(path.stat().st_size)
            table = read_table(path.read_bytes(), path.name, HEADER, columns=STAFF_COLUMNS)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(read_as(table))
        rows, errors = validate_rows(table, today=today)
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(rows_refused(len(errors)))
        plan = staff_import_apply(rows=rows, today=today)
        if plan.errors:
            for error in plan.errors:
                self.stderr.write(str(error))
            raise CommandError(rows_refused(len(plan.errors)))
        counts = {"created": len(plan.create), "updated": len(plan.update), "unchanged": plan.unchanged}
        audit_import(actor=None, kind="staff", data=path.read_bytes(), file_name=path.name, counts=counts)
        self.stdout.write(
            _(
                "新增 %(created)s 人，更新 %(updated)s 人，未变 %(unchanged)s 人；新地市公司 %(branches)s，新营业厅 %(halls)s。"
            )
            % {
                "created": len(plan.create),
                "updated": len(plan.update),
                "unchanged": plan.unchanged,
                "branches": len(plan.new_branches),
                "halls": len(plan.new_halls),
            }
        )
