"""Small builders for exam tests (no fixtures files): a bank from the YAML fixture and quizzes over it."""

from pathlib import Path

from exams.bank import bank_import
from exams.formats import read_bank
from exams.models import Question, QuestionCategory, Quiz, QuizSlot

FIXTURES = Path(__file__).parent / "fixtures"


def load_fixture_bank(name: str = "etiquette.yaml") -> dict[str, Question]:
    questions, problems = read_bank((FIXTURES / name).read_bytes(), "yaml")
    bank_import(questions, problems=problems)
    return {q.source_key: q for q in Question.objects.prefetch_related("choices")}


def make_quiz(questions=(), *, draw: tuple[str, int] | None = None, **kwargs) -> Quiz:
    values = {"title": "礼仪测验", "shuffle_questions": False, "shuffle_choices": False} | kwargs
    quiz = Quiz.objects.create(**values)
    for order, question in enumerate(questions):
        QuizSlot.objects.create(quiz=quiz, question=question, sort_order=order)
    if draw:
        path, count = draw
        QuizSlot.objects.create(
            quiz=quiz, category=QuestionCategory.objects.get(path=path), count=count, sort_order=len(questions)
        )
    return quiz


def make_choice_questions(count: int, category: str = "bench") -> list[Question]:
    from exams.formats.model import ChoiceData, QuestionData

    data = [
        QuestionData(
            type="single",
            key=f"{category}-{n}",
            text=f"第{n}题",
            category=(category,),
            choices=[ChoiceData("对", 1.0), ChoiceData("错", 0.0), ChoiceData("不知道", 0.0)],
        )
        for n in range(count)
    ]
    bank_import(data)
    return list(Question.objects.filter(category__path=category).order_by("pk"))


def make_assignment(staff, quiz, *, due_at=None, kind: str = "weekly", period_key: str | None = None):
    """An assignment of ``quiz`` to ``staff`` (due far ahead unless told), as the scheduler makes them."""
    import datetime

    from exams.models import QuizAssignment

    due_at = due_at or datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    key = period_key if period_key is not None else f"{kind}:{QuizAssignment.objects.count() + 1}"
    return QuizAssignment.objects.create(staff=staff, quiz=quiz, due_at=due_at, period_key=key, kind=kind)
