from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from lms.commands import LocalizedCommand
from people.audit import audit_import
from people.imports import (
    ImportFileError,
    check_size,
    import_arguments,
    import_path,
    read_as,
    read_table,
    rows_refused,
    template_write,
)
from people.leaves import LEAVE_COLUMNS, LEAVE_HEADER
from people.models import Leave
from people.services import leave_import_apply


class Command(LocalizedCommand):
    help = (
        "Import leave periods from CSV or XLSX (header: "
        + ",".join(LEAVE_HEADER)
        + "; kind by code or Chinese name: 病假 事假 婚假 丧假 产假 探亲假; optional note). All rows or none; "
        "a period given again (same staff_no and start) is updated, so importing a file twice changes nothing."
    )

    def add_arguments(self, parser):
        import_arguments(parser)

    def handle(self, *args, file, template, **options):
        if template:
            return template_write(self, template, LEAVE_COLUMNS)
        path = import_path(file)
        try:
            check_size(path.stat().st_size)
            table = read_table(path.read_bytes(), path.name, LEAVE_HEADER, columns=LEAVE_COLUMNS)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(read_as(table))
        plan = leave_import_apply(table=table)
        if plan.errors:
            for error in plan.errors:
                self.stderr.write(str(error))
            raise CommandError(rows_refused(len(plan.errors)))
        counts = {"created": len(plan.create), "updated": len(plan.update), "unchanged": plan.unchanged}
        audit_import(actor=None, kind="leave", data=path.read_bytes(), file_name=path.name, counts=counts, model=Leave)
        self.stdout.write(
            _("新增休假 %(created)s 条，更新 %(updated)s 条，未变 %(unchanged)s 条。")
            % {"created": len(plan.create), "updated": len(plan.update), "unchanged": plan.unchanged}
        )
