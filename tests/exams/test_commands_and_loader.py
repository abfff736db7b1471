"""import_questions / export_questions commands and the curriculum loader hook."""

import io
from pathlib import Path

import pytest
import yaml
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
    categories = {
        yaml.safe_load(path.read_text(encoding="utf-8"))["category"] for path in questions_dir().glob("*.yaml")
    }
    assert {"etiquette", "grooming", "complaint", "security"} <= categories
    modules = set(Quiz.objects.filter(source_key__startswith="module:").values_list("source_key", flat=True))
    assert modules == {f"module:{category}" for category in categories}


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


def _bank_without(tmp_path, key: str) -> Path:
    """The etiquette fixture bank without question ``key``, in its own folder."""
    import yaml

    data = yaml.safe_load((FIXTURES / "etiquette.yaml").read_text(encoding="utf-8"))
    data["questions"] = [q for q in data["questions"] if q["key"] != key]
    folder = tmp_path / f"without-{key}"
    folder.mkdir(exist_ok=True)
    (folder / "etiquette.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def test_a_question_removed_from_the_files_is_retired_not_drawn_and_comes_back(db, tmp_path):
    from exams.attempts import attempt_start
    from tests.conftest import make_staff

    (tmp_path / "etiquette.yaml").write_bytes((FIXTURES / "etiquette.yaml").read_bytes())
    questions_load(directory=tmp_path)
    single = Question.objects.get(source_key="t-001")
    own = Question.objects.create(category=single.category, type="single", text="培训师自己写的题")
    out = io.StringIO()
    totals = questions_load(directory=_bank_without(tmp_path, "t-001"), stdout=out)
    assert totals["retired"] == 1 and "已停用" in out.getvalue()
    single.refresh_from_db()
    own.refresh_from_db()
    assert single.retired and not own.retired
    quiz = Quiz.objects.get(source_key="module:etiquette")
    for seed in range(5):
        layout = attempt_start(staff=make_staff(), quiz=quiz, seed=seed).layout
        assert single.pk not in [slot["q"] for slot in layout]
    assert questions_load(directory=_bank_without(tmp_path, "t-001"))["retired"] == 0
    questions_load(directory=tmp_path)
    single.refresh_from_db()
    assert not single.retired


def test_nothing_is_retired_when_a_bank_file_cannot_be_read(db, tmp_path):
    (tmp_path / "etiquette.yaml").write_bytes((FIXTURES / "etiquette.yaml").read_bytes())
    questions_load(directory=tmp_path)
    folder = _bank_without(tmp_path, "t-001")
    (folder / "broken.yaml").write_text("questions: [unclosed", encoding="utf-8")
    totals = questions_load(directory=folder, stdout=io.StringIO())
    assert totals["skipped"] == 1 and totals["retired"] == 0
    assert not Question.objects.get(source_key="t-001").retired


def test_a_module_quiz_made_before_its_page_is_linked_to_the_page_on_the_next_load(db, tmp_path):
    """seed_demo loads the bank before the curriculum: the next load links the quiz to its module page,
    names it after the page and takes the page's audience."""
    from content.loader import curriculum_load
    from courses.models import ModulePage

    bank = {
        "category": "t-grooming",
        "questions": [
            {"key": "tg-1", "type": "truefalse", "text": "指甲要短而干净。", "answer": True},
        ],
    }
    (tmp_path / "t-grooming.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    questions_load(directory=tmp_path)
    quiz = Quiz.objects.get(source_key="module:t-grooming")
    assert quiz.module_id is None and quiz.title == "t-grooming"
    curriculum_load(directory=Path(__file__).parents[1] / "courses" / "fixtures" / "good")
    page = ModulePage.objects.get(source_key="t-grooming")
    questions_load(directory=tmp_path)
    quiz.refresh_from_db()
    assert quiz.module_id == page.pk and quiz.title == f"{page.title}测验"
    assert quiz.audience_posts == list(page.audience_posts)
