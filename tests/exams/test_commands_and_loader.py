"""import_questions / export_questions commands and the curriculum loader hook."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail import hooks

from exams.curriculum import questions_load
from exams.models import Question, QuestionCategory, Quiz

from .utils import FIXTURES

BANKS = Path("/work/shared/testdata/question-banks")
needs_banks = pytest.mark.skipif(not BANKS.is_dir(), reason="shared question-bank test data not present")


def run(*args) -> str:
    """Run a command with English output (``--language en``), which these tests read."""
    out = io.StringIO()
    call_command(*args, stdout=out, language="en")
    return out.getvalue()


@needs_banks
def test_import_command_counts_types_and_reports_skipped(db):
    out = run("import_questions", str(BANKS / "gift/questions.gift.txt"))
    assert (
        "created: Single choice 1, Multiple choice 1, True/false 3, Fill in the blank 1, Matching pairs 1, Essay 1"
        in out
    )
    assert "skipped: Numerical (not supported) 1" in out and "imported 8, skipped 1" in out
    assert Question.objects.count() == 8


@needs_banks
def test_import_command_guesses_aiken_and_puts_questions_under_a_category(db):
    out = run("import_questions", str(BANKS / "aiken/aiken_errors.txt"), "--category", "练习")
    assert "(aiken)" in out and "imported 2, skipped 3" in out
    assert set(Question.objects.values_list("category__path", flat=True)) == {"练习/默认"}


@needs_banks
def test_import_command_keeps_moodle_categories_nested(db):
    run("import_questions", str(BANKS / "moodle-xml/nested_categories_with_questions.xml"))
    assert QuestionCategory.objects.get(path="Iota/Kappa/Lambda").parent.path == "Iota/Kappa"


def test_import_command_fails_on_unreadable_file_and_changes_nothing(db, tmp_path):
    bad = tmp_path / "bank.xml"
    bad.write_bytes(b"<not-closed")
    with pytest.raises(CommandError):
        run("import_questions", str(bad))
    with pytest.raises(CommandError):
        run("import_questions", str(tmp_path / "missing.xml"))
    assert not Question.objects.exists()


def test_import_twice_is_idempotent_by_key(db):
    path = str(FIXTURES / "etiquette.yaml")
    run("import_questions", path, "--format", "yaml")
    out = run("import_questions", path, "--format", "yaml")
    assert "unchanged:" in out and "created" not in out
    assert Question.objects.count() == 7


@pytest.mark.parametrize("fmt", ["moodle-xml", "xlsx", "gift"])
def test_export_command_writes_a_file_that_imports_again(db, tmp_path, fmt):
    run("import_questions", str(FIXTURES / "etiquette.yaml"), "--format", "yaml")
    out_file = tmp_path / f"bank.{fmt}"
    out = run("export_questions", "--format", fmt, "--out", str(out_file), "--category", "etiquette")
    expected = 6 if fmt == "gift" else 7
    assert f"exported {expected} questions" in out
    Question.objects.all().delete()
    run("import_questions", str(out_file), "--format", fmt)
    assert Question.objects.count() == expected


def test_curriculum_loader_is_registered_idempotent_and_makes_one_quiz_per_module(db, tmp_path):
    assert any(fn.__module__ == "exams.wagtail_hooks" for fn in hooks.get_hooks("peixun_curriculum_loaders"))
    (tmp_path / "etiquette.yaml").write_bytes((FIXTURES / "etiquette.yaml").read_bytes())
    first = questions_load(directory=tmp_path, stdout=io.StringIO())
    second = questions_load(directory=tmp_path, stdout=io.StringIO())
    assert first["created"] == 7 and first["quizzes_created"] == 1
    assert second["created"] == 0 and second["unchanged"] == 7 and second["quizzes_created"] == 0
    quiz = Quiz.objects.get(source_key="module:etiquette")
    assert quiz.title == "服务礼仪测验" and {s.category.path for s in quiz.slots.all()} == {"etiquette"}


def test_curriculum_loader_reads_the_shipped_bank_when_present(db):
    from exams.curriculum import questions_dir

    if not list(questions_dir().glob("*.yaml")):
        pytest.skip("content/questions not merged yet")
    totals = questions_load(stdout=io.StringIO())
    assert totals["created"] >= 120 and totals["skipped"] == 0
    assert Quiz.objects.filter(source_key__startswith="module:").count() == 4


def test_a_module_quiz_draws_ten_machine_graded_questions(db, tmp_path):
    from exams.attempts import attempt_start
    from tests.conftest import make_staff

    (tmp_path / "etiquette.yaml").write_bytes((FIXTURES / "etiquette.yaml").read_bytes())
    questions_load(directory=tmp_path)
    quiz = Quiz.objects.get(source_key="module:etiquette")
    attempt = attempt_start(staff=make_staff(), quiz=quiz, seed=5)
    types = [slot["t"] for slot in attempt.layout]
    assert "essay" not in types and sorted(set(types)) == [
        "fill",
        "matching",
        "multiple",
        "ordering",
        "single",
        "truefalse",
    ]
