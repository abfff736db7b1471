"""The attempt state machine: start (or resume), save an answer, submit, finish when overdue, grade essays.

Rules enforced here, on the server: the availability window, the attempts allowed and the audience at
start; answers only while the attempt is open and before its deadline; submit is idempotent (a second
submit, or one from another tab, returns the already finished attempt); an attempt past its deadline
is finished at the deadline with what was saved. A submit from the browser only hands the attempt in
(one row update: the answers are frozen and the time is fixed); a worker grades it once the hand-in
commits (the minute finder catches a lost message), so a whole hall pressing "submit" at the deadline
is not queued behind each other's grading, and the result page waits for the grade. The database
adds: one open attempt per assignment (per person and quiz for practice), one answer per question per
attempt. A finished attempt of an assignment resyncs that assignment's evidence
(``evidence.assignment_grade_sync``); practice syncs nothing.

The browser never sees choice ids or correct positions: it answers by the positions it was shown, and
``codec.response_from_browser`` maps them to choice ids / authored indexes using the attempt's stored
layout. Scoring lives in ``scoring``.
"""

from __future__ import annotations

import datetime
import logging
import random

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from people import audit

from .codec import BadResponse, layout_entry, response_from_browser
from .evidence import assignment_grade_sync
from .models import Answer, Attempt, AttemptState, Question, Quiz, QuizAssignment
from .scoring import _score_attempt

logger = logging.getLogger(__name__)

SAVE_GRACE = datetime.timedelta(seconds=5)


class AttemptError(Exception):
    """A refused action; ``code`` is stable for the browser, the message is for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def quiz_unavailable_reason(
    *, quiz: Quiz, staff, now: datetime.datetime, attempts_used: int, assigned: bool = False
) -> str | None:
    """Why ``staff`` may not start ``quiz`` now (None when they may).

    ``attempts_used`` counts the attempts of the same piece of work (the assignment, or the practice);
    work ``assigned`` to the person is not limited by the quiz's audience (the assignment is the invitation).
    """
    if not quiz.is_active:
        return _("该测验未启用。")
    if quiz.open_at and now < quiz.open_at:
        return _("该测验尚未开放。")
    if quiz.close_at and now >= quiz.close_at:
        return _("该测验已关闭。")
    if not assigned and quiz.audience_posts and staff.post not in quiz.audience_posts:
        return _("该测验不面向您的岗位。")
    halls = [] if assigned else [h.pk for h in quiz.audience_halls.all()]
    if halls and staff.hall_id not in halls:
        return _("该测验不面向您所在的营业厅。")
    if quiz.attempts_allowed and attempts_used >= quiz.attempts_allowed:
        return _("作答次数已用完。")
    return None


def quiz_layout_draw(quiz: Quiz, rng: random.Random, *, avoid: frozenset[int] | set[int] = frozenset()) -> list[dict]:
    """Pick the questions (fixed slots, then random draws) and fix the order of questions and options.

    Used for every attempt and for the trainers' whole-quiz preview, so both see the same kind of draw.
    A random draw prefers questions not in ``avoid`` (those of the assignment's earlier attempts) and
    falls back to them only when the category has too few others.
    """
    chosen: list[int] = []
    for slot in quiz.slots.all():
        if slot.question_id:
            if slot.question_id not in chosen:
                chosen.append(slot.question_id)
            continue
        path = slot.category.path
        pool = Question.objects.filter(category__path=path, retired=False)
        if slot.include_subcategories:
            pool = Question.objects.filter(
                Q(category__path=path) | Q(category__path__startswith=path + "/"), retired=False
            )
        if slot.difficulty:
            pool = pool.filter(difficulty=slot.difficulty)
        if slot.question_type:
            pool = pool.filter(type=slot.question_type)
        ids = sorted(set(pool.values_list("pk", flat=True)) - set(chosen))
        fresh = [qid for qid in ids if qid not in avoid]
        picked = rng.sample(fresh, min(slot.count, len(fresh)))
        if len(picked) < slot.count and len(fresh) < len(ids):
            used = [qid for qid in ids if qid in avoid]
            picked += rng.sample(used, min(slot.count - len(picked), len(used)))
        chosen.extend(picked)
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    questions = Question.objects.prefetch_related("choices").in_bulk(chosen)
    return [layout_entry(questions[qid], quiz, rng) for qid in chosen]


def _now(now):
    return now or timezone.now()


def attempt_start(
    *,
    staff,
    quiz: Quiz,
    assignment: QuizAssignment | None = None,
    now: datetime.datetime | None = None,
    seed: int | None = None,
) -> Attempt:
    """Return the open attempt of this piece of work (resumed), or start a new one if the rules allow it.

    With an ``assignment`` (the person's own, of this quiz) the attempt belongs to it: the quiz's attempt
    limit counts that assignment's attempts, and starting is refused once it is passed or past due; the
    attempt's time ends at the due time at the latest, and the draw prefers questions its earlier attempts
    did not show. Without one it is a practice attempt (counted among the person's practice attempts of
    the quiz), which is never evidence.
    """
    now = _now(now)
    if assignment is not None and (assignment.staff_id != staff.pk or assignment.quiz_id != quiz.pk):
        raise AttemptError("not_found", _("找不到该测验任务。"))
    mine = Attempt.objects.filter(staff=staff, quiz=quiz, assignment=assignment)
    earlier = list(mine.values("pk", "number", "state", *(["layout"] if assignment is not None else [])))
    for row in earlier:
        pk, state = row["pk"], row["state"]
        if state == AttemptState.OPEN:
            existing = Attempt.objects.select_related("quiz").get(pk=pk)
            if not _overdue(existing, now):
                return existing
            attempt_finish_overdue(attempt_id=pk, now=now)
        elif state == AttemptState.HANDED_IN and assignment is not None:
            attempt_grade_handed_in(attempt_id=pk)
    used = max((row["number"] for row in earlier), default=0)
    if assignment is not None:
        assignment.refresh_from_db(fields=["passed_at"])
        if assignment.passed_at is not None:
            raise AttemptError("passed", _("该测验任务已通过，无需重新作答。"))
        if now >= assignment.due_at:
            raise AttemptError("past_due", _("该测验任务已过截止时间。"))
    reason = quiz_unavailable_reason(
        quiz=quiz, staff=staff, now=now, attempts_used=used, assigned=assignment is not None
    )
    if reason:
        raise AttemptError("unavailable", reason)
    seen = {slot["q"] for row in earlier for slot in row.get("layout") or ()}
    layout = quiz_layout_draw(quiz, random.Random(seed), avoid=seen)
    if not layout:
        raise AttemptError("empty", _("该测验还没有题目。"))
    deadline = now + datetime.timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
    for end in (quiz.close_at, assignment.due_at if assignment is not None else None):
        if end and (deadline is None or deadline > end):
            deadline = end
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                staff=staff,
                quiz=quiz,
                assignment=assignment,
                number=used + 1,
                started_at=now,
                deadline_at=deadline,
                layout=layout,
            )
    except IntegrityError:
        return mine.get(state=AttemptState.OPEN)


def _overdue(attempt: Attempt, now: datetime.datetime) -> bool:
    return attempt.deadline_at is not None and now > attempt.deadline_at


def _slot(attempt: Attempt, question_id: int) -> dict:
    for slot in attempt.layout:
        if slot["q"] == question_id:
            return slot
    raise AttemptError("not_in_attempt", _("这道题不在本次测验中。"))


def _locked(attempt_id: int, staff=None, *, with_quiz: bool = True) -> Attempt:
    """The attempt, its row locked until the transaction ends (the quiz is joined, not locked: every
    person taking the quiz would otherwise queue behind one lock)."""
    qs = Attempt.objects.select_for_update(of=("self",))
    if with_quiz:
        qs = qs.select_related("quiz")
    if staff is not None:
        qs = qs.filter(staff=staff)
    try:
        return qs.get(pk=attempt_id)
    except Attempt.DoesNotExist as exc:
        raise AttemptError("not_found", _("找不到该答题记录。")) from exc


def attempt_save_answer(
    *, attempt_id: int, staff, question_id: int, raw, now: datetime.datetime | None = None
) -> Answer:
    """Save one answer as given (idempotent: saving the same answer again changes nothing but the time)."""
    return attempt_save_answers(attempt_id=attempt_id, staff=staff, answers={question_id: raw}, now=now)[question_id]


def attempt_save_answers(
    *, attempt_id: int, staff, answers: dict[int, object], now: datetime.datetime | None = None
) -> dict[int, Answer]:
    """Save several answers under one lock of the attempt, in a fixed number of queries.

    Refused when the attempt is finished; past the deadline (plus a few seconds for the network) the
    attempt is finished at its deadline instead and nothing new is saved.
    """
    now = _now(now)
    with transaction.atomic():
        attempt = _locked(attempt_id, staff, with_quiz=False)
        if not attempt.is_open:
            raise AttemptError("finished", _("本次测验已交卷，答案未保存。"))
        if attempt.deadline_at and now > attempt.deadline_at + SAVE_GRACE:
            _finish(attempt, attempt.deadline_at)
            saved = None
        else:
            saved = _store(attempt, answers, now)
    if saved is None:
        raise AttemptError("time_up", _("时间已到，测验已按截止时保存的答案交卷。"))
    return saved


def _store(attempt: Attempt, answers: dict[int, object], now) -> dict[int, Answer]:
    """Insert or update the answers in one statement (the attempt's row lock orders concurrent saves)."""
    rows = [
        Answer(attempt=attempt, question_id=qid, response=_response(_slot(attempt, qid), raw), saved_at=now)
        for qid, raw in answers.items()
    ]
    Answer.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["attempt", "question"],
        update_fields=["response", "saved_at"],
    )
    return {row.question_id: row for row in rows}


def _response(slot: dict, raw):
    try:
        return response_from_browser(slot, raw)
    except BadResponse as err:
        raise AttemptError("bad_response", _("答案格式不正确。")) from err


def attempt_submit(*, attempt_id: int, staff, now: datetime.datetime | None = None) -> Attempt:
    """Finish the attempt now (or at its deadline if that has passed); a finished attempt is returned as is."""
    now = _now(now)
    with transaction.atomic():
        attempt = _locked(attempt_id, staff)
        if attempt.is_open:
            at = min(now, attempt.deadline_at) if attempt.deadline_at else now
            _finish(attempt, at)
        elif attempt.state == AttemptState.HANDED_IN:
            _finish(attempt, attempt.finished_at)
    return attempt


def attempt_hand_in(*, attempt_id: int, staff, now: datetime.datetime | None = None) -> bool:
    """Close the attempt for answers now (or at its deadline if that has passed) without grading it yet.

    One conditional UPDATE (it takes the row lock that saves and grading also take), so a hall handing
    in at the deadline is not queued behind anything. Returns whether this call handed it in; the
    grading task is queued once the transaction commits. A second hand-in changes nothing.
    """
    now = _now(now)
    if not _hand_in_row(attempt_id, staff.pk, now):
        if not Attempt.objects.filter(pk=attempt_id, staff=staff).exists():
            raise AttemptError("not_found", _("找不到该答题记录。"))
        return False
    transaction.on_commit(lambda: _queue_grading(attempt_id))
    return True


def _hand_in_row(attempt_id: int, staff_id: int, now: datetime.datetime) -> int:
    """The hand-in's one UPDATE: close the open attempt at ``now``, or at its deadline if that came first
    (an attempt without a deadline closes at ``now``). Returns the number of rows changed (0 or 1).

    Written out rather than built by the ORM: it is the statement of a whole hall's simultaneous submit,
    and ``filter(...).update(finished_at=Case(When(deadline_at__lt=now, then=F("deadline_at")),
    default=Value(now)))`` costs ~0.6 ms more CPU to build per call (0.73 ms against 0.12 ms). Without it,
    ``bench/quiz_load.py``'s 200-burst submit p99 (goal 500 ms) was 598 ms (login join written out), 627
    and 758 ms (``select_related`` login); with it and the written-out login, 402 and 490 ms.
    """
    table, ops = Attempt._meta.db_table, connection.ops
    at = ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ops.quote_name(table)} SET state = %s, "
            "finished_at = CASE WHEN deadline_at < %s THEN deadline_at ELSE %s END "
            "WHERE id = %s AND staff_id = %s AND state = %s",
            [AttemptState.HANDED_IN.value, at, at, attempt_id, staff_id, AttemptState.OPEN.value],
        )
        return cursor.rowcount


# Grading has two triggers: the hand-in's commit queues the grading sweep (below), and the minute finder
# (``tasks.attempts_finish_overdue``) regrades hand-ins still waiting after ``tasks.REGRADE_AFTER``
# (a lost message, a broker that was down). The result page only waits for them.

# Set while a grading sweep is queued and has not started: a hall handing in together queues one sweep,
# not one task each (publishing a task cost about a third of the CPU of a hand-in request).
GRADING_QUEUED_KEY = "exams:grading-queued"
GRADING_QUEUED_TTL = 60


def _queue_grading(attempt_id: int) -> None:
    """Queue the grading sweep once the hand-in has committed.

    With a shared cache (``settings.SHARED_CACHE``) the first hand-in of a group queues the sweep and
    the others find its key set. The sweep clears the key before it reads the hand-ins, so a hand-in
    that found the key had committed before that read and is graded by it; a lost key or message costs
    a duplicate sweep (grading is idempotent) or, at worst, the minute finder's regrade. Without a
    shared cache, or with the cache down, every hand-in queues a sweep.
    """
    from .tasks import attempts_grade_handed_in

    try:
        if settings.SHARED_CACHE and _grading_key_add(attempt_id) is not None:
            return
        attempts_grade_handed_in.delay()
    except Exception:  # noqa: BLE001 - the broker being down must not fail a hand-in; the finder regrades
        logger.exception("could not queue the grading of attempt %s", attempt_id)


def _grading_key_add(attempt_id: int) -> bool | None:
    """Queue the sweep if no sweep is queued yet: True if this call queued it, False if one already was,
    None if the cache could not be asked."""
    from .tasks import attempts_grade_handed_in

    try:
        added = cache.add(GRADING_QUEUED_KEY, attempt_id, timeout=GRADING_QUEUED_TTL)
    except Exception:  # noqa: BLE001 - a cache outage falls back to one sweep per hand-in
        logger.exception("grading key unavailable for attempt %s", attempt_id)
        return None
    if added:
        try:
            attempts_grade_handed_in.delay()
        except Exception:
            cache.delete(GRADING_QUEUED_KEY)
            raise
    return added


def grade_handed_in_sweep() -> int:
    """Grade every attempt waiting for it, oldest hand-in first; returns how many were graded."""
    cache.delete(GRADING_QUEUED_KEY)
    graded = 0
    for attempt_id in handed_in_attempt_ids():
        try:
            attempt_grade_handed_in(attempt_id=attempt_id)
            graded += 1
        except Exception:  # noqa: BLE001 - one bad attempt must not keep the rest ungraded; the finder retries it
            logger.exception("could not grade attempt %s", attempt_id)
    return graded


def attempt_grade_handed_in(*, attempt_id: int) -> Attempt | None:
    """Grade a handed-in attempt (finish it at its hand-in time); idempotent."""
    with transaction.atomic():
        try:
            attempt = _locked(attempt_id)
        except AttemptError:
            return None
        if attempt.state == AttemptState.HANDED_IN:
            _finish(attempt, attempt.finished_at)
    return attempt


def handed_in_attempt_ids(*, before: datetime.datetime | None = None) -> list[int]:
    """Attempts handed in (before ``before``, if given) whose grading has not happened, oldest first."""
    waiting = Attempt.objects.filter(state=AttemptState.HANDED_IN)
    if before is not None:
        waiting = waiting.filter(finished_at__lt=before)
    return list(waiting.order_by("finished_at", "pk").values_list("pk", flat=True))


def attempt_finish_overdue(*, attempt_id: int, now: datetime.datetime | None = None) -> Attempt | None:
    """Finish an open attempt whose deadline has passed, at the deadline; otherwise do nothing."""
    now = _now(now)
    with transaction.atomic():
        try:
            attempt = _locked(attempt_id)
        except AttemptError:
            return None
        if attempt.is_open and _overdue(attempt, now):
            _finish(attempt, attempt.deadline_at)
    return attempt


def overdue_attempt_ids(*, now: datetime.datetime | None = None) -> list[int]:
    return list(Attempt.objects.filter(state=AttemptState.OPEN, deadline_at__lt=_now(now)).values_list("pk", flat=True))


def _finish(attempt: Attempt, at: datetime.datetime) -> None:
    old = attempt.score
    _score_attempt(attempt)
    attempt.state = AttemptState.FINISHED
    attempt.finished_at = at
    attempt.save(update_fields=["state", "finished_at", "score", "needs_grading"])
    _audit_grade(attempt, action=audit.GRADE, actor=None, old=old)
    if attempt.assignment_id is not None:
        assignment_grade_sync(assignment_id=attempt.assignment_id)


def _audit_grade(attempt: Attempt, *, action: str, actor, old, answer: dict | None = None) -> None:
    """Record a grade (the system's, at hand-in or deadline) or a trainer's regrade: the attempt's score
    old → new (an essay mark: the answer's fraction old → new too)."""
    data = {"quiz_id": attempt.quiz_id, "attempt": attempt.number, "old": old, "new": attempt.score}
    if answer is not None:
        data["answer"] = answer
    audit.audit_record(action=action, actor=actor, target=attempt, people=[attempt.staff_id], data=data)


def essay_grade(*, answer_id: int, grader, fraction: float, comment: str = "", now=None) -> Answer:
    """A trainer's mark for an essay answer (0–1); rescore the attempt and resync its assignment's event."""
    if not 0 <= fraction <= 1:
        raise AttemptError("bad_grade", _("得分比例须在 0 到 1 之间。"))
    with transaction.atomic():
        answer = Answer.objects.select_related("attempt", "question").get(pk=answer_id)
        attempt = _locked(answer.attempt_id)
        if attempt.is_open:
            raise AttemptError("open", _("测验尚未交卷，不能评分。"))
        if attempt.state == AttemptState.HANDED_IN:
            _finish(attempt, attempt.finished_at)
        old_answer, old_attempt = answer.score, attempt.score
        answer.score, answer.comment, answer.graded_by, answer.graded_at = fraction, comment, grader, _now(now)
        answer.save(update_fields=["score", "comment", "graded_by", "graded_at"])
        _score_attempt(attempt)
        attempt.save(update_fields=["score", "needs_grading"])
        _audit_grade(
            attempt,
            action=audit.REGRADE,
            actor=grader,
            old=old_attempt,
            answer={"id": answer.pk, "old": old_answer, "new": fraction},
        )
        if attempt.assignment_id is not None:
            assignment_grade_sync(assignment_id=attempt.assignment_id)
    return answer
