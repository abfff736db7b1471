"""Reads for the exam pages, each in a fixed number of queries (never one per question)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext

from i18n import punctuation
from people.models import Staff
from people.selectors import staff_of_user

from .assignments import assignment_done
from .codec import response_to_browser
from .models import Answer, Attempt, AttemptState, Question, QuestionType, Quiz, QuizAssignment, QuizSlot
from .work import WorkRow, assignment_rows


@dataclass
class ShownQuestion:
    """One question as the person sees it during the attempt (no answers, no fractions)."""

    number: int
    id: int
    type: str
    text: str
    options: list[tuple[int, str]] = field(default_factory=list)
    lefts: list[tuple[int, str]] = field(default_factory=list)
    rights: list[tuple[int, str]] = field(default_factory=list)
    saved: object = None
    answered: bool = False

    @property
    def ranks(self) -> range:
        return range(1, len(self.options) + 1)

    @property
    def option_rows(self) -> list[tuple[int, str, object]]:
        """(position, text, state): picked (choices) or the rank given (ordering items)."""
        saved = self.saved
        rows = []
        for pos, text in self.options:
            if self.type == QuestionType.ORDERING:
                state = saved.index(pos) + 1 if isinstance(saved, list) and pos in saved else None
            else:
                state = pos == saved or (isinstance(saved, list) and pos in saved)
            rows.append((pos, text, state))
        return rows

    @property
    def left_rows(self) -> list[tuple[int, str, int | None]]:
        saved = self.saved if isinstance(self.saved, dict) else {}
        return [(left, text, saved.get(str(left))) for left, text in self.lefts]


def attempt_of_user(user, attempt_id: int) -> Attempt:
    """The user's own attempt (quiz joined) or 404: another person's attempt does not exist for them."""
    try:
        return Attempt.objects.select_related("quiz", "staff", "assignment").get(pk=attempt_id, staff__user=user)
    except Attempt.DoesNotExist as exc:
        raise Http404 from exc


def attempt_shown_questions(attempt: Attempt) -> list[ShownQuestion]:
    """The attempt's questions from its layout snapshot plus saved answers: one query."""
    return shown_questions(attempt.layout, dict(attempt.answers.values_list("question_id", "response")))


def shown_questions(layout: list[dict], saved: dict[int, object]) -> list[ShownQuestion]:
    """A layout as the person sees it, with the stored responses in ``saved`` filled in (no queries)."""
    shown = []
    for number, slot in enumerate(layout, 1):
        response = saved.get(slot["q"])
        shown.append(
            ShownQuestion(
                number=number,
                id=slot["q"],
                type=slot["t"],
                text=slot["x"],
                options=list(enumerate(slot.get("o", []))),
                lefts=list(enumerate(slot.get("l", []))),
                rights=list(enumerate(slot.get("r", []))),
                saved=response_to_browser(slot, response),
                answered=slot["q"] in saved and response not in (None, "", [], {}),
            )
        )
    return shown


@dataclass
class ReviewedQuestion:
    number: int
    question: Question
    answer: Answer | None
    score: float | None
    your_answer: str
    correct_answer: str
    feedback: list[str]


def _describe(question: Question, response, choices: dict) -> str:
    if response is None:
        return ""
    qtype, data = question.type, question.data or {}
    if qtype == QuestionType.SINGLE:
        return choices.get(response, "")
    if qtype == QuestionType.MULTIPLE:
        return punctuation.semicolon().join(choices.get(c, "") for c in response)
    if qtype == QuestionType.TRUEFALSE:
        return gettext("对") if response else gettext("错")
    if qtype == QuestionType.ORDERING:
        items = data.get("items", [])
        return " → ".join(items[i] for i in response if 0 <= i < len(items))
    if qtype == QuestionType.MATCHING:
        lefts = [p["left"] for p in data.get("pairs", [])]
        return punctuation.semicolon().join(
            f"{lefts[int(k)]} — {v}" for k, v in response.items() if int(k) < len(lefts)
        )
    return str(response)


def correct_answer_text(question: Question) -> str:
    data = question.data or {}
    if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return punctuation.semicolon().join(c.text for c in question.choices.all() if c.fraction > 0)
    if question.type == QuestionType.TRUEFALSE:
        return gettext("对") if data.get("answer") else gettext("错")
    if question.type == QuestionType.FILL:
        return " / ".join(a["text"] for a in data.get("accepted", []) if a["fraction"] > 0)
    if question.type == QuestionType.ORDERING:
        return " → ".join(data.get("items", []))
    if question.type == QuestionType.MATCHING:
        return punctuation.semicolon().join(f"{p['left']} — {p['right']}" for p in data.get("pairs", []))
    return ""


def attempt_review(attempt: Attempt) -> list[ReviewedQuestion]:
    """Each question with the person's answer, the correct answer and feedback (after the attempt only)."""
    if attempt.is_open:
        raise ValueError("an open attempt has no review")
    questions = Question.objects.prefetch_related("choices").in_bulk(attempt.question_ids())
    answers = {a.question_id: a for a in attempt.answers.all()}
    out = []
    for number, qid in enumerate(attempt.question_ids(), 1):
        question, answer = questions[qid], answers.get(qid)
        score = answer.score if answer else (None if question.type == QuestionType.ESSAY else 0.0)
        out.append(
            reviewed_question(
                number,
                question,
                answer.response if answer else None,
                score,
                comment=answer.comment if answer else "",
                answer=answer,
            )
        )
    return out


def reviewed_question(
    number: int, question: Question, response, score: float | None, *, comment: str = "", answer=None
) -> ReviewedQuestion:
    """One question of a review from a stored response and its score (choices must be prefetched)."""
    choices = {c.pk: c.text for c in question.choices.all()}
    feedback = [
        c.feedback
        for c in question.choices.all()
        if c.feedback
        and response is not None
        and (c.pk == response or (isinstance(response, list) and c.pk in response))
    ]
    if comment:
        feedback.append(comment)
    return ReviewedQuestion(
        number=number,
        question=question,
        answer=answer,
        score=score,
        your_answer=_describe(question, response, choices),
        correct_answer=correct_answer_text(question),
        feedback=feedback,
    )


@dataclass
class QuizRow:
    quiz: Quiz
    open_attempt: Attempt | None
    finished: int
    best: object


def _audience(staff):
    return (
        Quiz.objects.filter(is_active=True)
        .annotate(hall_count=Count("audience_halls"))
        .filter(Q(hall_count=0) | Q(audience_halls=staff.hall_id))
        .distinct()
    )


def quiz_of_staff(staff, pk: int) -> Quiz:
    """An active quiz open to ``staff``: of their audience, or assigned to them; else 404 (one query)."""
    assigned = QuizAssignment.objects.filter(staff=staff, quiz_id=pk)
    quiz = (
        Quiz.objects.filter(pk=pk, is_active=True)
        .filter(Q(pk__in=_audience(staff).values("pk")) | Q(pk__in=assigned.values("quiz_id")))
        .annotate(assigned=Count("assignments", filter=Q(assignments__staff=staff)))
        .first()
    )
    if quiz is None or (not quiz.assigned and quiz.audience_posts and staff.post not in quiz.audience_posts):
        raise Http404
    return quiz


def quizzes_for_staff(staff) -> list[QuizRow]:
    """Active quizzes whose audience includes ``staff`` with their attempts (all work), in 2 queries.

    ``open_attempt`` is the open practice attempt; an assignment's open attempt is on its work row.
    """
    quizzes = [q for q in _audience(staff).order_by("title") if not q.audience_posts or staff.post in q.audience_posts]
    attempts = Attempt.objects.filter(staff=staff, quiz__in=[q.pk for q in quizzes]).defer("layout").order_by("number")
    by_quiz: dict[int, list[Attempt]] = {}
    for a in attempts:
        by_quiz.setdefault(a.quiz_id, []).append(a)
    rows = []
    for quiz in quizzes:
        mine = by_quiz.get(quiz.pk, [])
        finished = [a for a in mine if a.state == AttemptState.FINISHED]
        rows.append(
            QuizRow(
                quiz=quiz,
                open_attempt=next((a for a in mine if a.state == AttemptState.OPEN and a.assignment_id is None), None),
                finished=len(finished),
                best=max((a.score for a in finished), default=None),
            )
        )
    return rows


def essay_queue(staff_ids) -> list[Answer]:
    """Essay answers of these people's finished attempts still waiting for a trainer, oldest first."""
    return list(
        Answer.objects.filter(
            question__type=QuestionType.ESSAY,
            graded_at__isnull=True,
            attempt__state=AttemptState.FINISHED,
            attempt__staff__in=staff_ids,
        )
        .select_related("attempt__staff__hall", "attempt__quiz", "question")
        .order_by("attempt__finished_at")
    )


def quiz_final_grades(*, quiz: Quiz, staff_ids) -> dict[int, float]:
    """Each person's grade on the quiz per its grading method (finished attempts only), in one query.

    For score sheets and appraisals (records app): ``{staff_id: grade out of 100}``.
    """
    grades = quizzes_final_grades(quizzes=[quiz], staff_ids=staff_ids)
    return {staff_id: grade for (_quiz_id, staff_id), grade in grades.items()}


def quizzes_final_grades(*, quizzes, staff_ids) -> dict[tuple[int, int], float]:
    """Each person's grade on each of ``quizzes`` (finished attempts only), in one query.

    ``staff_ids`` may be a list or a queryset (used as a subquery): ``{(quiz_id, staff_id): grade}``.
    """
    from .grading import final_grade

    methods = {quiz.pk: quiz.grading_method for quiz in quizzes}
    if not methods:
        return {}
    scores: dict[tuple[int, int], list[float]] = {}
    finished = Attempt.objects.filter(
        quiz__in=list(methods), state=AttemptState.FINISHED, staff__in=staff_ids
    ).order_by("number")
    for quiz_id, staff_id, score in finished.values_list("quiz_id", "staff_id", "score"):
        scores.setdefault((quiz_id, staff_id), []).append(float(score))
    return {key: final_grade(values, methods[key[0]]) for key, values in scores.items()}


def quiz_assignments_passed(assignments: list[QuizAssignment]) -> set[int]:
    """Return the ids of the assignments passed by their due time (``passed_at``, kept by grading); no query."""
    return {a.pk for a in assignments if assignment_done(a)}


def open_quiz_assignments(*, staff: Staff, at: datetime.datetime) -> list[WorkRow]:
    """Return a person's quiz assignments still to pass (not passed, due after ``at``), soonest first, in
    one query: a failed one with attempts left stays, with what the person can do (``exams.work``)."""
    return assignment_rows(staff=staff, now=at, open_only=True)


def quizzes_key_hidden_from(user, *, now: datetime.datetime):
    """Return the quizzes whose key ``user`` may not see at ``now``: they have an attempt of it open or waiting
    for its grade, or an assignment of it still to do (not passed, not due, attempts left)."""
    me = staff_of_user(user)
    if me is None:
        return Quiz.objects.none()
    busy = Attempt.objects.filter(staff=me, state__in=[AttemptState.OPEN, AttemptState.HANDED_IN]).values("quiz")
    todo = [row.quiz.pk for row in assignment_rows(staff=me, now=now, open_only=True) if not row.settled]
    return Quiz.objects.filter(Q(pk__in=busy) | Q(pk__in=todo))


def may_see_key(user, quiz: Quiz, *, now: datetime.datetime) -> bool:
    """Whether ``user`` may see ``quiz``'s correct answers (statistics with ✓, preview, its questions)."""
    return not quizzes_key_hidden_from(user, now=now).filter(pk=quiz.pk).exists()


def questions_key_hidden_from(user, *, now: datetime.datetime):
    """Return the questions whose key ``user`` may not see: every question a quiz of
    ``quizzes_key_hidden_from`` fixes or may draw (its categories, with their subcategories if it says so)."""
    slots = QuizSlot.objects.filter(quiz__in=quizzes_key_hidden_from(user, now=now)).select_related("category")
    cond = Q(pk__in=[])
    for slot in slots:
        if slot.question_id:
            cond |= Q(pk=slot.question_id)
        elif slot.include_subcategories:
            cond |= Q(category__path=slot.category.path) | Q(category__path__startswith=slot.category.path + "/")
        else:
            cond |= Q(category__path=slot.category.path)
    return Question.objects.filter(cond)
