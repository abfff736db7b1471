"""``import_questions FILE [--format …] [--category NAME]``: import a question bank file atomically."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exams.bank import bank_import
from exams.formats import FORMATS, BankFileError, format_from_filename, read_bank


class Command(BaseCommand):
    help = "Import questions from Moodle XML, GIFT, Aiken or the XLSX template; report what was skipped and why."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=[f for f in FORMATS if f != "yaml"] + ["yaml"])
        parser.add_argument("--category", default="", help="put everything under this top category")

    def handle(self, *args, file, format=None, category="", **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        fmt = format or format_from_filename(path.name, data)
        if fmt is None:
            raise CommandError(f"cannot tell the format of {path.name}; use --format")
        try:
            questions, problems = read_bank(data, fmt)
        except BankFileError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        report = bank_import(questions, problems=problems, root=category.strip())
        self.stdout.write(f"{path.name} ({fmt})")
        for label, counts in (
            ("created", report.created),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
            ("skipped", report.skipped),
        ):
            if counts:
                self.stdout.write(f"  {label}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        self.stdout.write(f"  imported {sum(report.imported.values())}, skipped {sum(report.skipped.values())}")
        for problem in report.problems:
            self.stdout.write(f"  skipped {problem}")
