"""Scoring: one stored response, a set of responses as a finished attempt is scored, and an attempt's
answers and score written back. The rules of each question type are the pure ``grading`` module.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from . import grading
from .models import Answer, Attempt, Question, QuestionType


def answer_score(question: Question, response) -> float | None:
    """Score one stored response (choices must be prefetched); None for an essay awaiting a trainer."""
    qtype = question.type
    if qtype == QuestionType.ESSAY:
        return None
    if response is None:
        return 0.0
    data = question.data or {}
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        fractions = {c.pk: c.fraction for c in question.choices.all()}
        if qtype == QuestionType.SINGLE:
            return grading.score_single(fractions, response)
        return grading.score_multiple(fractions, response)
    if qtype == QuestionType.TRUEFALSE:
        return grading.score_truefalse(bool(data.get("answer")), response)
    if qtype == QuestionType.FILL:
        accepted = [(a["text"], a["fraction"]) for a in data.get("accepted", [])]
        return grading.score_fill(accepted, response, case_sensitive=question.case_sensitive)
    if qtype == QuestionType.ORDERING:
        return grading.score_ordering(len(data.get("items", [])), response)
    if qtype == QuestionType.MATCHING:
        return grading.score_matching([p["right"] for p in data.get("pairs", [])], response)
    return 0.0


def _percent(scores: list[float]) -> Decimal:
    value = Decimal(str(sum(scores) / len(scores) * 100)) if scores else Decimal(0)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def responses_score(
    questions: list[Question], responses: dict[int, object], essay_marks: dict[int, float]
) -> tuple[dict[int, float | None], Decimal, bool]:
    """Score stored responses as a finished attempt is scored (choices must be prefetched).

    ``responses`` holds the questions that have an answer; an essay takes its trainer's mark from
    ``essay_marks`` and counts 0 until graded. Return each question's score (None for an essay awaiting
    its mark), the percent, and whether an answered essay still waits for a trainer.
    """
    scores: dict[int, float | None] = {}
    pending = False
    for question in questions:
        qid = question.pk
        if question.type == QuestionType.ESSAY:
            scores[qid] = essay_marks.get(qid)
            pending = pending or (qid in responses and qid not in essay_marks)
        else:
            scores[qid] = answer_score(question, responses.get(qid))
    return scores, _percent([s or 0.0 for s in scores.values()]), pending


def _score_attempt(attempt: Attempt) -> None:
    """Grade every saved answer, then set the attempt's score and whether a trainer still has to grade."""
    ids = attempt.question_ids()
    questions = Question.objects.prefetch_related("choices").in_bulk(ids)
    answers = {a.question_id: a for a in attempt.answers.all()}
    marks = {qid: a.score for qid, a in answers.items() if a.graded_at is not None}
    scores, attempt.score, attempt.needs_grading = responses_score(
        [questions[qid] for qid in ids], {qid: a.response for qid, a in answers.items()}, marks
    )
    rescored = []
    for qid, answer in answers.items():
        if questions[qid].type != QuestionType.ESSAY and answer.score != scores[qid]:
            answer.score = scores[qid]
            rescored.append(answer)
    Answer.objects.bulk_update(rescored, ["score"])
