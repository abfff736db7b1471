"""``question_quality [--dir DIR] [--check]``: figures of the shipped question bank (``exams.quality``)."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from exams.curriculum import questions_dir
from exams.formats import BankFileError, read_bank
from exams.quality import LONGEST_RIGHT_LIMIT, bank_figures
from lms.commands import LocalizedCommand


class Command(LocalizedCommand):
    help = "Print per category how often the right option is the longest, matching questions without a distractor, and essays."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, default=None, help="Folder of bank YAML files (default: content/questions)."
        )
        parser.add_argument("--check", action="store_true", help="Exit with an error when a goal is missed.")

    def handle(self, *args, dir=None, check=False, **options):
        questions = []
        for path in sorted((dir or questions_dir()).glob("*.yaml")):
            try:
                read, _problems = read_bank(path.read_bytes(), "yaml")
            except BankFileError as exc:
                raise CommandError(
                    _("试题 %(file)s：无法读取（%(error)s）") % {"file": path.name, "error": exc}
                ) from exc
            questions += read
        figures = bank_figures(questions)
        self.stdout.write(_("分类\t试题\t选择题\t正确项最长\t无干扰项的匹配题\t简答题"))
        for f in figures:
            share = f"{len(f.longest_right)}/{f.choice_questions} ({f.longest_right_share:.0%})"
            self.stdout.write(
                f"{f.category}\t{f.questions}\t{f.choice_questions}\t{share}\t"
                f"{len(f.matching_without_distractor)}\t{len(f.essays)}"
            )
        problems = [p for f in figures for p in f.problems]
        for problem in problems:
            self.stdout.write("  " + problem)
        if check and problems:
            raise CommandError(
                _("题库未达到目标（正确项最长不超过 %(limit)s，匹配题都有干扰项）。")
                % {"limit": f"{LONGEST_RIGHT_LIMIT:.0%}"}
            )
