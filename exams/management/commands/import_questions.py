"""``import_questions FILE [--format …] [--category NAME]``: import a question bank file atomically."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from exams.bank import bank_file_read, bank_import
from exams.formats import FORMATS, BankFileError, format_from_filename
from exams.labels import kind_label, kinds_in_order
from i18n.punctuation import colon, comma
from lms.commands import LocalizedCommand
from lms.uploads import UploadRefused, upload_check_size


class Command(LocalizedCommand):
    help = "Import questions from Moodle XML, GIFT, Aiken or the XLSX template; report what was skipped and why."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=[f for f in FORMATS if f != "yaml"] + ["yaml"])
        parser.add_argument("--category", default="", help="put everything under this top category")

    def handle(self, *args, file, format=None, category="", **options):
        path = Path(file)
        try:
            upload_check_size(path.stat().st_size)
            data = path.read_bytes()
        except UploadRefused as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        except OSError as exc:
            raise CommandError(_("无法读取 %(file)s：%(error)s") % {"file": file, "error": exc.strerror}) from exc
        fmt = format or format_from_filename(path.name, data)
        if fmt is None:
            raise CommandError(_("无法判断 %(file)s 的格式；请用 --format 指定") % {"file": path.name})
        try:
            questions, problems = bank_file_read(data, fmt=fmt)
        except BankFileError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        report = bank_import(questions, problems=problems, root=category.strip())
        self.stdout.write(f"{path.name} ({fmt})")
        for label, counts in (
            (pgettext("question import", "新增"), report.created),
            (pgettext("question import", "更新"), report.updated),
            (pgettext("question import", "不变"), report.unchanged),
            (pgettext("question import", "跳过"), report.skipped),
        ):
            if counts:
                self.stdout.write(
                    f"  {label}{colon()}" + comma().join(f"{kind_label(k)} {counts[k]}" for k in kinds_in_order(counts))
                )
        totals = {"imported": sum(report.imported.values()), "skipped": sum(report.skipped.values())}
        self.stdout.write("  " + _("导入 %(imported)s，跳过 %(skipped)s") % totals)
        for problem in report.problems:
            self.stdout.write("  " + _("跳过 %(problem)s") % {"problem": problem})
