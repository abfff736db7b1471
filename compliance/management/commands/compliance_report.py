"""``manage.py compliance_report --as-of ISO_DATETIME [--year YYYY] --format json|csv|xlsx``: R1–R5 for
everyone over one calendar year (default: the as-of's), also after the year ended."""

import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from compliance import periods
from compliance.exports import COLUMNS, report_rows
from compliance.selectors import report_build
from evidence.imports import parse_iso_datetime
from lms.commands import LocalizedCommand
from lms.spreadsheets import rows_csv, rows_xlsx


class Command(LocalizedCommand):
    help = (
        "Print the compliance report of one calendar year (default: the as-of's) as of a time "
        "(naive times are Asia/Shanghai)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", required=True, dest="as_of")
        parser.add_argument("--year", type=int, help="The report's calendar year (default: the as-of's year).")
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument("--output", help="Write to this file instead of standard output (XLSX needs it or a pipe).")

    def handle(self, *args, as_of, format, year=None, output=None, **options):
        try:
            at = parse_iso_datetime(as_of)
        except ValueError as exc:
            raise CommandError(
                _("--as-of 时间格式错误 “%(value)s”（应为 ISO 8601，如 2026-07-15T12:00:00+08:00）") % {"value": as_of}
            ) from exc
        own = periods.local_day(at).year
        if year is not None and year > own:
            raise CommandError(
                _("--year %(year)s 晚于 --as-of 所在年份 %(own)s：年度报告只能在该年开始之后生成。")
                % {"year": year, "own": own}
            )
        report = report_build(as_of=at, year=year, with_halls=False, evidence=False)
        if format == "json":
            data = json.dumps(report.to_dict(), ensure_ascii=False) + "\n"
        elif format == "csv":
            data = rows_csv(report_rows(report), COLUMNS)
        else:
            data = rows_xlsx(report_rows(report), COLUMNS, title="compliance")
        self.write_data(data, output)
