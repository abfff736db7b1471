"""``export_questions --format moodle-xml|gift|xlsx --out FILE [--category NAME]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exams.bank import bank_questions
from exams.formats import write_bank


class Command(BaseCommand):
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
            raise CommandError(f"cannot write {out}: {exc.strerror}") from exc
        self.stdout.write(f"exported {len(questions) - len(problems)} questions to {out}")
        for problem in problems:
            self.stdout.write(f"  not exported {problem}")
