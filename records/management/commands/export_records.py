"""``manage.py export_records --hall CODE --year YYYY --out DIR [--zip]``: one transcript PDF per person
employed in the hall at any time in the year, into DIR (or one ZIP in DIR with ``--zip``)."""

import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from people.models import Hall
from records.exports import export_staff_ids, folder_zip, transcripts_write


class Command(BaseCommand):
    help = "Export the training transcripts of a hall for a year as PDFs."

    def add_arguments(self, parser):
        parser.add_argument("--hall", required=True, help="hall code")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--zip", action="store_true", help="write one ZIP instead of separate PDFs")
        parser.add_argument("--chunk", type=int, default=50)

    def handle(self, *args, hall, year, out, zip, chunk, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(_("年度无效：%(y)s") % {"y": year})
        found = Hall.objects.filter(code=hall).first()
        if found is None:
            raise CommandError(_("没有编码为 %(c)s 的营业厅。") % {"c": hall})
        ids = export_staff_ids(year=year, hall_id=found.pk)
        out.mkdir(parents=True, exist_ok=True)
        if zip:
            with tempfile.TemporaryDirectory(dir=out, prefix=".export-") as tmp:
                self._write(ids, year, Path(tmp), chunk)
                target = folder_zip(
                    folder=Path(tmp), zip_path=out / f"transcripts_{found.code}_{year}.zip", replace=True
                )
        else:
            self._write(ids, year, out, chunk)
            target = out
        self.stdout.write(_("已导出 %(n)s 份培训档案：%(t)s") % {"n": len(ids), "t": target})

    def _write(self, ids, year, folder, chunk):
        for i in range(0, len(ids), chunk):
            transcripts_write(staff_ids=ids[i : i + chunk], year=year, folder=folder)
