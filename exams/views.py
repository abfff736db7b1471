"""Staff pages: my quizzes, start/resume, take (autosave JSON endpoint), submit, result.

Every view finds the attempt through ``attempt_of_user`` so another person's attempt is a 404.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.http import BadJson, json_object, wants_json
from people.selectors import staff_of_user

from .attempts import (
    AttemptError,
    attempt_finish_overdue,
    attempt_hand_in,
    attempt_save_answer,
    attempt_save_answers,
    attempt_start,
)
from .forms import answers_from_post
from .models import Attempt, AttemptState, Poll, Quiz, QuizAssignment, Vote
from .polls import VoteError, poll_vote
from .selectors import attempt_of_user, attempt_review, attempt_shown_questions, quiz_of_staff, quizzes_for_staff
from .standing import answers_shown
from .work import assignment_rows, attempt_work, practice_row


def _me(request):
    staff = staff_of_user(request.user)
    if staff is None:
        raise Http404
    return staff


@login_required
def quiz_list(request):
    """My open assignments (soonest due first, with start / retake), then every quiz of my audience."""
    staff = _me(request)
    work = assignment_rows(staff=staff, now=timezone.now(), open_only=True)
    return render(request, "exams/quiz_list.html", {"rows": quizzes_for_staff(staff), "work": work})


@login_required
def quiz_detail(request, pk: int):
    """A quiz with my assignments of it (each started for itself) and my practice."""
    staff = _me(request)
    quiz = quiz_of_staff(staff, pk)
    now = timezone.now()
    attempts = list(
        Attempt.objects.filter(staff=staff, quiz=quiz).select_related("assignment").defer("layout").order_by("pk")
    )
    context = {
        "quiz": quiz,
        "work": assignment_rows(staff=staff, now=now, quiz=quiz),
        "practice": practice_row(quiz=quiz, attempts=attempts, now=now),
        "attempts": attempts,
    }
    return render(request, "exams/quiz_detail.html", context)


@login_required
@require_POST
def quiz_start(request, pk: int):
    """Start or resume an attempt: for the assignment the form names (mine, of this quiz), else practice."""
    staff = _me(request)
    quiz = get_object_or_404(Quiz, pk=pk, is_active=True)
    assignment = None
    if raw := request.POST.get("assignment"):
        if not raw.isdigit():
            raise Http404
        assignment = get_object_or_404(QuizAssignment, pk=int(raw), staff=staff, quiz=quiz)
    try:
        attempt = attempt_start(staff=staff, quiz=quiz, assignment=assignment)
    except AttemptError as err:
        messages.error(request, err.message)
        return redirect("exams:quiz_detail", pk=pk)
    return redirect("exams:attempt", pk=attempt.pk)


@login_required
def attempt_take(request, pk: int):
    attempt = attempt_of_user(request.user, pk)
    now = timezone.now()
    if attempt.is_open and attempt.deadline_at and now > attempt.deadline_at:
        attempt = attempt_finish_overdue(attempt_id=attempt.pk, now=now)
    if not attempt.is_open:
        return redirect("exams:result", pk=attempt.pk)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "questions": attempt_shown_questions(attempt),
        "server_now": now,
    }
    return render(request, "exams/attempt.html", context)


def _json_error(err: AttemptError, status: int = 409):
    return JsonResponse({"ok": False, "error": err.code, "message": err.message}, status=status)


@login_required
@require_POST
def attempt_answer(request, pk: int):
    """Autosave one answer: ``{"question": ID, "response": ...}`` → ``{"ok": true, "saved_at": ...}``."""
    staff = _me(request)
    try:
        body = json_object(request.body)
        question_id = body["question"]
        if isinstance(question_id, str) and question_id.isascii() and question_id.isdigit():
            question_id = int(question_id)
        if isinstance(question_id, bool) or not isinstance(question_id, int) or not 0 < question_id < 2**31:
            raise BadJson("question")
    except (BadJson, KeyError):
        return JsonResponse({"ok": False, "error": "bad_request", "message": "bad request"}, status=400)
    try:
        answer = attempt_save_answer(attempt_id=pk, staff=staff, question_id=question_id, raw=body.get("response"))
    except AttemptError as err:
        if err.code == "not_found":
            raise Http404 from err
        return _json_error(err, 400 if err.code in ("bad_response", "not_in_attempt") else 409)
    return JsonResponse({"ok": True, "saved_at": answer.saved_at.isoformat()})


# How long the page waits after a hand-in before it opens the result (plus up to as much again at
# random, so a hall handing in together does not load its results in the same instant): grading is
# done by the worker meanwhile, and the result page refreshes itself if it is not done yet.
RESULT_WAIT_MS = 1500
# After this long the waiting result page says grading is slower than usual (and refreshes less often).
GRADING_SLOW_AFTER = datetime.timedelta(seconds=20)


@login_required
@require_POST
def attempt_finish(request, pk: int):
    """Save what the form carries, then hand the attempt in; a second submit is harmless.

    Without JavaScript the whole form posts and the browser is redirected to the result. The page's
    script posts only the answers it could not autosave (usually none, so this is one row update) and
    asks for JSON: it shows the hand-in in place and opens the result after ``RESULT_WAIT_MS``.
    """
    staff = _me(request)
    answers = {}
    if any(key.startswith("q") for key in request.POST):
        attempt = attempt_of_user(request.user, pk)
        answers = answers_from_post(attempt.layout, request.POST) if attempt.is_open else {}
    try:
        if answers:
            attempt_save_answers(attempt_id=pk, staff=staff, answers=answers)
        attempt_hand_in(attempt_id=pk, staff=staff)
    except AttemptError as err:
        if err.code == "not_found":
            raise Http404 from err
        if err.code not in ("finished", "time_up"):
            if wants_json(request):
                return _json_error(err, 400 if err.code in ("bad_response", "not_in_attempt") else 409)
            messages.error(request, err.message)
            return redirect("exams:attempt", pk=pk)
    if wants_json(request):
        return JsonResponse({"ok": True, "result_url": reverse("exams:result", args=[pk]), "wait_ms": RESULT_WAIT_MS})
    return redirect("exams:result", pk=pk)


@login_required
def attempt_result(request, pk: int):
    attempt = attempt_of_user(request.user, pk)
    if attempt.is_open:
        return redirect("exams:attempt", pk=pk)
    now = timezone.now()
    if attempt.state == AttemptState.HANDED_IN:  # the worker grades it (see attempts._queue_grading)
        slow = attempt.finished_at is not None and now - attempt.finished_at > GRADING_SLOW_AFTER
        return render(request, "exams/grading.html", {"attempt": attempt, "quiz": attempt.quiz, "slow": slow})
    quiz, work = attempt.quiz, attempt_work(attempt, now)
    show = answers_shown(
        review=quiz.review, close_at=quiz.close_at, now=now, settled=work.settled, is_open=attempt.is_open
    )
    context = {
        "attempt": attempt,
        "quiz": quiz,
        "work": work,
        "passed": attempt.score is not None and attempt.score >= quiz.pass_mark,
        "review": attempt_review(attempt) if show else None,
    }
    return render(request, "exams/result.html", context)


@login_required
def poll_detail(request, pk: int):
    """Vote once in a feedback poll; afterwards the page thanks you (results are for trainers and managers)."""
    staff = _me(request)
    poll = get_object_or_404(Poll.objects.prefetch_related("choices"), pk=pk)
    voted = Vote.objects.filter(poll=poll, staff=staff).exists()
    if request.method == "POST" and not voted:
        try:
            poll_vote(
                poll=poll,
                staff=staff,
                choice_id=_int(request.POST.get("choice")),
                comment=request.POST.get("comment", ""),
            )
        except VoteError as err:
            messages.error(request, str(err))
        else:
            messages.success(request, _("感谢您的反馈。"))
        return redirect("exams:poll", pk=pk)
    return render(request, "exams/poll.html", {"poll": poll, "voted": voted})


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
