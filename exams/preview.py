"""Trainers' whole-quiz preview: the quiz drawn as staff get it, answered and scored, with nothing stored.

No Attempt, Answer or TrainingEvent is written and statistics are untouched: the page carries the seed
of its draw, the draw is repeated from it when the answers come back, and they are scored in memory
by the same rules as a submitted attempt.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from .attempts import quiz_layout_draw
from .codec import BadResponse, response_from_browser
from .models import Question, Quiz
from .scoring import responses_score
from .selectors import ReviewedQuestion, reviewed_question

SEED_MAX = 2**31 - 1


@dataclass
class PreviewResult:
    score: Decimal
    passed: bool
    needs_grading: bool
    review: list[ReviewedQuestion]
    malformed: list[int]


def preview_seed(value) -> int | None:
    """The seed a preview page sent back, or None when it is missing or not a seed."""
    try:
        seed = int(value)
    except (TypeError, ValueError):
        return None
    return seed if 0 <= seed <= SEED_MAX else None


def quiz_preview_layout(*, quiz: Quiz, seed: int) -> list[dict]:
    """The questions and the order of questions and options a person would get from this draw."""
    return quiz_layout_draw(quiz, random.Random(seed))


def quiz_preview_grade(*, quiz: Quiz, layout: list[dict], answers: dict[int, object]) -> PreviewResult:
    """Score answers given as the browser sends them (positions shown) as a submitted attempt would be.

    A malformed answer (e.g. a position the page never showed) counts as unanswered and its question
    number is listed in ``malformed``.
    """
    responses, malformed = {}, []
    for number, slot in enumerate(layout, 1):
        if slot["q"] not in answers:
            continue
        try:
            responses[slot["q"]] = response_from_browser(slot, answers[slot["q"]])
        except BadResponse:
            malformed.append(number)
    by_id = Question.objects.prefetch_related("choices").in_bulk([slot["q"] for slot in layout])
    questions = [by_id[slot["q"]] for slot in layout]
    scores, score, pending = responses_score(questions, responses, {})
    review = [
        reviewed_question(number, question, responses.get(question.pk), scores[question.pk])
        for number, question in enumerate(questions, 1)
    ]
    return PreviewResult(
        score=score, passed=score >= quiz.pass_mark, needs_grading=pending, review=review, malformed=malformed
    )
