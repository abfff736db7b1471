from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from lms.commands import LocalizedCommand
from people.audit import audit_import
from people.imports import ImportFileError, check_size, read_as, read_table, rows_refused
from people.leaves import LEAVE_HEADER
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
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("找不到文件：%(file)s") % {"file": file})
        try:
            check_size(path.stat().st_size)
            table = read_table(path.read_bytes(), path.name, LEAVE_HEADER)
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
