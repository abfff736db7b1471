"""``manage.py certification_report --as-of ISO [--program CODE] --format json|csv|xlsx [--output FILE]``:
every employed person's status for each program their post requires, on the as-of's local day."""

import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from certification.models import Program
from certification.reports import COLUMNS, report_build, report_rows
from certification.selectors import local_day
from evidence.imports import parse_iso_datetime
from lms.commands import LocalizedCommand
from lms.spreadsheets import rows_csv, rows_xlsx
from people.imports import parse_iso_date


def as_of_day(text: str):
    """Return the local day of ``--as-of``: a date ``YYYY-MM-DD`` or an ISO 8601 time; raise ValueError."""
    try:
        return parse_iso_date(text)
    except ValueError:
        return local_day(parse_iso_datetime(text))


class Command(LocalizedCommand):
    help = "Print the certification status of every employed person on the as-of's day (naive times are Asia/Shanghai)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", required=True, dest="as_of")
        parser.add_argument("--program", help="Only this program's code (default: every active program).")
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument("--output", help="Write to this file instead of standard output (XLSX needs it or a pipe).")

    def handle(self, *args, as_of, format, program=None, output=None, **options):
        try:
            day = as_of_day(as_of)
        except ValueError as exc:
            raise CommandError(
                _("--as-of 时间格式错误 “%(value)s”（应为 2026-07-15 或 2026-07-15T12:00:00+08:00）") % {"value": as_of}
            ) from exc
        programs = Program.objects.filter(active=True).order_by("code")
        if program:
            programs = Program.objects.filter(code=program)
            if not programs:
                raise CommandError(_("未知认证项目：%(code)s") % {"code": program})
        report = report_build(day=day, programs=list(programs))
        if format == "json":
            data = json.dumps(report, ensure_ascii=False) + "\n"
        elif format == "csv":
            data = rows_csv(report_rows(report), COLUMNS)
        else:
            data = rows_xlsx(report_rows(report), COLUMNS, title="certification")
        self.write_data(data, output)
