"""Assemble the statistics of a quiz and the results of a poll (reads, fixed number of queries)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from . import stats
from .models import Answer, Attempt, AttemptState, Poll, Question, QuestionType, Quiz


@dataclass
class QuestionStats:
    question: Question
    attempts: int
    facility: float | None
    discrimination: float | None
    choices: list[tuple[str, float, int]] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        """Worth a trainer's look: nearly everyone or nearly no one gets it, or it does not discriminate."""
        low_di = self.discrimination is not None and self.discrimination < 20
        odd_fi = self.facility is not None and not 10 <= self.facility <= 95
        return self.attempts >= 5 and (low_di or odd_fi)


@dataclass
class QuizStats:
    quiz: Quiz
    attempts: int
    people: int
    mean: float | None
    median: float | None
    pass_rate: float | None
    histogram: list[int]
    questions: list[QuestionStats]

    @property
    def bars(self) -> list[dict]:
        """Geometry of the SVG histogram: one bar per 10-point band, 100 px for the tallest."""
        top = max(self.histogram) or 1
        bars = []
        for i, n in enumerate(self.histogram):
            height = round(100 * n / top)
            bars.append({"x": i * 40, "y": 110 - height, "height": height, "start": i * 10, "end": i * 10 + 10, "n": n})
        return bars


def quiz_statistics(quiz: Quiz, staff_ids) -> QuizStats:
    """Statistics over the finished attempts of the given people (a queryset of staff ids): 3 queries."""
    attempts = list(Attempt.objects.filter(quiz=quiz, state=AttemptState.FINISHED, staff__in=staff_ids))
    scores = [float(a.score) for a in attempts]
    answers = Answer.objects.filter(attempt__in=[a.pk for a in attempts]).values_list(
        "attempt_id", "question_id", "response", "score"
    )
    by_attempt: dict[int, dict[int, tuple]] = {}
    for attempt_id, question_id, response, score in answers:
        by_attempt.setdefault(attempt_id, {})[question_id] = (response, score or 0.0)
    question_ids = {qid for a in attempts for qid in a.question_ids()}
    questions = Question.objects.prefetch_related("choices").in_bulk(question_ids)
    rows = []
    for qid in sorted(question_ids, key=lambda q: (questions[q].category_id, q)):
        q_scores, totals, picks = [], [], Counter()
        for a in attempts:
            if qid not in a.question_ids():
                continue
            mine = by_attempt.get(a.pk, {})
            response, score = mine.get(qid, (None, 0.0))
            q_scores.append(score)
            totals.append(sum(s for _r, s in mine.values()))
            if questions[qid].type == QuestionType.SINGLE and response is not None:
                picks[response] += 1
            elif questions[qid].type == QuestionType.MULTIPLE and isinstance(response, list):
                picks.update(response)
        choices = list(questions[qid].choices.all())
        freq = stats.choice_frequencies(picks.elements(), [c.pk for c in choices])
        rows.append(
            QuestionStats(
                question=questions[qid],
                attempts=len(q_scores),
                facility=stats.facility_index(q_scores),
                discrimination=stats.discrimination_index(q_scores, totals),
                choices=[(c.text, c.fraction, freq[c.pk]) for c in choices],
            )
        )
    return QuizStats(
        quiz=quiz,
        attempts=len(attempts),
        people=len({a.staff_id for a in attempts}),
        mean=stats.mean(scores),
        median=stats.median(scores),
        pass_rate=stats.pass_rate(scores, float(quiz.pass_mark)),
        histogram=stats.histogram(scores, maximum=100, bins=10),
        questions=rows,
    )


def poll_results(poll: Poll, staff_ids) -> dict:
    """Vote counts per choice (every choice listed) and the comments, over the given people."""
    votes = poll.votes.filter(staff__in=staff_ids)
    counts = dict(votes.values_list("choice_id").annotate(n=Count("pk")))
    choices = [(c.text, counts.get(c.pk, 0)) for c in poll.choices.all()]
    total = sum(n for _t, n in choices)
    top = max((n for _t, n in choices), default=0) or 1
    rows = [
        {"text": t, "n": n, "pct": round(100 * n / total) if total else 0, "width": round(220 * n / top), "y": i * 30}
        for i, (t, n) in enumerate(choices)
    ]
    return {
        "choices": rows,
        "height": 30 * len(rows),
        "total": total,
        "comments": list(votes.exclude(comment="").values_list("comment", flat=True)),
    }
