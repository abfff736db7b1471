"""Between the question-bank dataclasses and the database: convert a ``Question`` to ``QuestionData``
and back, and upsert a bank atomically (by ``source_key`` when a question has one)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from exams.formats import BankFileError, read_bank
from exams.formats.model import (
    FILL,
    MATCHING,
    ORDERING,
    TRUEFALSE,
    AcceptedAnswer,
    ChoiceData,
    PairData,
    Problem,
    QuestionData,
    fraction,
)
from lms.uploads import UploadRefused, in_batches, upload_check_size

from .labels import kind_label, kinds_in_order
from .models import Choice, Question, QuestionCategory


def question_data_json(q: QuestionData) -> dict:
    """The ``Question.data`` of a question: the answers that are not choices."""
    if q.type == TRUEFALSE:
        return {"answer": q.answer, "true_feedback": q.true_feedback, "false_feedback": q.false_feedback}
    if q.type == FILL:
        return {"accepted": [{"text": a.text, "fraction": a.fraction, "feedback": a.feedback} for a in q.accepted]}
    if q.type == ORDERING:
        return {"items": list(q.items)}
    if q.type == MATCHING:
        return {"pairs": [{"left": p.left, "right": p.right} for p in q.pairs], "distractors": list(q.distractors)}
    return {}


def question_to_data(question: Question, *, tags: list[str] | None = None) -> QuestionData:
    """Return the dataclass of a saved question (choices and tags should be prefetched)."""
    data = question.data or {}
    return QuestionData(
        type=question.type,
        text=question.text,
        name=question.name,
        key=question.source_key or "",
        category=question.category.parts,
        tags=tags if tags is not None else sorted(t.name for t in question.tags.all()),
        difficulty=question.difficulty,
        explanation=question.explanation,
        penalty=fraction(question.penalty),
        choices=[ChoiceData(c.text, fraction(c.fraction), c.feedback) for c in question.choices.all()],
        answer=data.get("answer"),
        true_feedback=data.get("true_feedback", ""),
        false_feedback=data.get("false_feedback", ""),
        accepted=[
            AcceptedAnswer(a["text"], fraction(a["fraction"]), a.get("feedback", "")) for a in data.get("accepted", [])
        ],
        case_sensitive=question.case_sensitive,
        items=list(data.get("items", [])),
        pairs=[PairData(p["left"], p["right"]) for p in data.get("pairs", [])],
        distractors=list(data.get("distractors", [])),
        grader_info=question.grader_info,
    )


def category_for_path(parts: tuple[str, ...]) -> QuestionCategory:
    """Return the category of ``parts`` (``("etiquette", "电话")``), creating it and its parents."""
    parent = None
    for depth in range(1, len(parts) + 1):
        path = "/".join(parts[:depth])
        parent, _ = QuestionCategory.objects.get_or_create(
            path=path, defaults={"name": parts[depth - 1], "parent": parent}
        )
    return parent


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)

    @property
    def imported(self) -> Counter:
        return self.created + self.updated + self.unchanged

    def rows(self) -> list[tuple[str, int, int, int, int]]:
        """(type name, created, updated, unchanged, skipped) per type in the bank's type order, for reports."""
        kinds = kinds_in_order(set(self.imported) | set(self.skipped))
        return [(kind_label(k), self.created[k], self.updated[k], self.unchanged[k], self.skipped[k]) for k in kinds]


def _apply(question: Question, q: QuestionData, category: QuestionCategory) -> None:
    question.category = category
    question.type, question.text, question.name = q.type, q.text, q.name or q.text[:80]
    question.difficulty, question.explanation, question.penalty = q.difficulty, q.explanation, q.penalty
    question.case_sensitive, question.grader_info = q.case_sensitive, q.grader_info
    question.data = question_data_json(q)
    question.source_key = q.key or None
    question.tags.set(q.tags)
    question.save()
    existing = list(question.choices.all())
    for index, c in enumerate(q.choices):
        choice = existing[index] if index < len(existing) else Choice(question=question)
        choice.text, choice.fraction, choice.feedback, choice.sort_order = c.text, c.fraction, c.feedback, index
        choice.save()
    Choice.objects.filter(pk__in=[c.pk for c in existing[len(q.choices) :]]).delete()


def bank_file_read(data: bytes, *, fmt: str) -> tuple[list[QuestionData], list[Problem]]:
    """Read an uploaded bank file within the import limits (``lms.uploads``); BankFileError when refused."""
    try:
        upload_check_size(len(data))
    except UploadRefused as exc:
        raise BankFileError(str(exc)) from exc
    questions, problems = read_bank(data, fmt)
    if len(questions) + len(problems) > settings.PEIXUN_IMPORT_MAX_QUESTIONS:
        raise BankFileError(gettext("题目过多（上限 %(n)s 道）。") % {"n": f"{settings.PEIXUN_IMPORT_MAX_QUESTIONS:,}"})
    return questions, problems


def bank_import(questions: list[QuestionData], *, problems: list[Problem] = (), root: str = "") -> ImportReport:
    """Create or update questions in one transaction; a question with a known key is updated in place.

    ``root`` puts every category under one more level (``--category NAME``).
    """
    report = ImportReport(problems=list(problems))
    keys = [q.key for q in questions if q.key]
    known = {
        question.source_key: question
        for batch in in_batches(keys)
        for question in Question.objects.filter(source_key__in=batch)
        .select_related("category")
        .prefetch_related("choices", "tags")
    }
    categories: dict[tuple[str, ...], QuestionCategory] = {}
    with transaction.atomic():
        for q in questions:
            parts = ((root,) if root else ()) + (q.category or ("默认",))
            if parts not in categories:
                categories[parts] = category_for_path(parts)
            current = known.get(q.key) if q.key else None
            if current is not None:
                wanted = QuestionData(**{**q.__dict__, "category": parts, "tags": sorted(q.tags)})
                if question_to_data(current) == wanted:
                    report.unchanged[q.type] += 1
                    continue
                report.updated[q.type] += 1
            else:
                current = Question()
                report.created[q.type] += 1
            _apply(current, q, categories[parts])
    for problem in report.problems:
        report.skipped[problem.kind] += 1
    return report


def bank_questions(*, category_path: str = "") -> list[QuestionData]:
    """Every question (optionally of one category and its subcategories) as dataclasses, in bank order."""
    qs = Question.objects.select_related("category").prefetch_related("choices", "tags")
    if category_path:
        qs = qs.filter(Q(category__path=category_path) | Q(category__path__startswith=category_path + "/"))
    return [question_to_data(q) for q in qs.order_by("category__path", "pk")]
