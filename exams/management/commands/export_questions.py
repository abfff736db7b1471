"""``export_questions --format moodle-xml|gift|xlsx --out FILE [--category NAME]``."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exams.bank import bank_questions
from exams.formats import write_bank
from lms.commands import LocalizedCommand


class Command(LocalizedCommand):
    help = "Export the question bank (or one category and its subcategories)."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=["moodle-xml", "gift", "xlsx"])
        parser.add_argument("--out", required=True)
        parser.add_argument("--category", default="", help="category path, e.g. etiquette or etiquette/电话")

    def handle(self, *args, format, out, category="", **options):
        questions = bank_questions(category_path=category.strip().strip("/"))
        data, problems = write_bank(questions, format)
        try:
            Path(out).write_bytes(data)
        except OSError as exc:
            raise CommandError(_("无法写入 %(file)s：%(error)s") % {"file": out, "error": exc.strerror}) from exc
        count = len(questions) - len(problems)
        self.stdout.write(
            ngettext("已导出 %(n)s 道题到 %(file)s", "已导出 %(n)s 道题到 %(file)s", count) % {"n": count, "file": out}
        )
        for problem in problems:
            self.stdout.write("  " + _("未导出 %(problem)s") % {"problem": problem})
