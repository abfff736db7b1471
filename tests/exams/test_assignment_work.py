"""Each assignment is its own piece of work: its attempts, limit, due time, evidence and fresh draws."""

import datetime

import pytest

from evidence.models import EventKind, Launch, TrainingEvent
from exams.attempts import (
    AttemptError,
    attempt_hand_in,
    attempt_save_answer,
    attempt_start,
    attempt_submit,
    essay_grade,
)
from exams.models import Answer, QuizAssignment
from tests.conftest import make_staff

from .utils import load_fixture_bank, make_assignment, make_choice_questions, make_quiz

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def bank(db):
    return load_fixture_bank()


def take(staff, quiz, assignment, *, right: bool, at=NOW, question=None):
    """Start (for ``assignment``), answer the true/false question right or wrong, submit at ``at``."""
    attempt = attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=at)
    qid = (question or quiz.slots.first().question).pk
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=qid, raw=right, now=at)
    return attempt_submit(attempt_id=attempt.pk, staff=staff, now=at + datetime.timedelta(minutes=5))


def test_the_attempt_limit_counts_per_assignment_and_attempts_are_numbered_per_assignment(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]], attempts_allowed=2, pass_mark=60)
    week1, week2 = make_assignment(staff, quiz), make_assignment(staff, quiz)
    assert [take(staff, quiz, week1, right=False).number for _ in range(2)] == [1, 2]
    with pytest.raises(AttemptError, match="次数已用完"):
        attempt_start(staff=staff, quiz=quiz, assignment=week1, now=NOW)
    again = take(staff, quiz, week2, right=True)
    assert (again.assignment_id, again.number) == (week2.pk, 1)


def test_start_is_refused_after_the_due_time_and_once_passed(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]], pass_mark=60)
    late = make_assignment(staff, quiz, due_at=NOW)
    with pytest.raises(AttemptError, match="该测验任务已过截止时间。"):
        attempt_start(staff=staff, quiz=quiz, assignment=late, now=NOW)
    done = make_assignment(staff, quiz)
    take(staff, quiz, done, right=True)
    with pytest.raises(AttemptError, match="已通过，无需重新作答"):
        attempt_start(staff=staff, quiz=quiz, assignment=done, now=NOW + HOUR)


def test_a_hand_in_waiting_for_grading_is_graded_before_a_retake_is_allowed(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]], pass_mark=60)
    assignment = make_assignment(staff, quiz)
    attempt = attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=NOW)
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=True, now=NOW)
    attempt_hand_in(attempt_id=attempt.pk, staff=staff, now=NOW)
    with pytest.raises(AttemptError, match="已通过"):
        attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=NOW + HOUR)


def test_another_persons_assignment_or_another_quizs_is_refused(bank):
    owner, other = make_staff(), make_staff()
    quiz, second = make_quiz([bank["t-003"]]), make_quiz([bank["t-001"]])
    assignment = make_assignment(owner, quiz)
    for staff, q in ((other, quiz), (owner, second)):
        with pytest.raises(AttemptError) as err:
            attempt_start(staff=staff, quiz=q, assignment=assignment, now=NOW)
        assert err.value.code == "not_found"


def test_an_attempt_for_an_assignment_ends_at_its_due_time_at_the_latest(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]], time_limit_minutes=60)
    assignment = make_assignment(staff, quiz, due_at=NOW + datetime.timedelta(minutes=10))
    assert attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=NOW).deadline_at == assignment.due_at


def test_a_practice_attempt_is_never_evidence_and_counts_among_practice(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]], pass_mark=60, attempts_allowed=1)
    assignment = make_assignment(staff, quiz)
    take(staff, quiz, assignment, right=False)
    practice = take(staff, quiz, None, right=True)
    assert (practice.assignment_id, practice.number, float(practice.score)) == (None, 1, 100.0)
    assert not TrainingEvent.objects.exists()
    with pytest.raises(AttemptError, match="次数已用完"):
        attempt_start(staff=staff, quiz=quiz, now=NOW)
    assert QuizAssignment.objects.get(pk=assignment.pk).passed_at is None


def test_two_assignments_of_the_same_quiz_give_two_events_dated_by_their_attempts(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]], pass_mark=60, event_kind="weekly")
    week1, week2 = make_assignment(staff, quiz), make_assignment(staff, quiz)
    first = take(staff, quiz, week1, right=True)
    second = take(staff, quiz, week2, right=True, at=NOW + datetime.timedelta(days=7))
    events = dict(TrainingEvent.objects.values_list("source_ref", "occurred_at"))
    assert events == {week1.source_ref: first.finished_at, week2.source_ref: second.finished_at}
    assert set(TrainingEvent.objects.values_list("kind", flat=True)) == {"weekly"}
    week1.refresh_from_db()
    week2.refresh_from_db()
    assert (week1.passed_at, week2.passed_at) == (first.finished_at, second.finished_at)


def test_a_regrade_withdraws_only_its_own_assignments_event(bank, org):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"], bank["t-007"]], pass_mark=60)
    week1, week2 = make_assignment(staff, quiz), make_assignment(staff, quiz)
    for assignment in (week1, week2):
        attempt = attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=NOW)
        attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=True, now=NOW)
        attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-007"].pk, raw="首问", now=NOW)
        attempt_submit(attempt_id=attempt.pk, staff=staff, now=NOW)
        essay = Answer.objects.get(attempt=attempt, question=bank["t-007"])
        essay_grade(answer_id=essay.pk, grader=org["trainer"], fraction=1.0)
    assert TrainingEvent.objects.count() == 2
    essay_grade(answer_id=essay.pk, grader=org["trainer"], fraction=0.0)  # week2's essay, marked down
    assert list(TrainingEvent.objects.values_list("source_ref", flat=True)) == [week1.source_ref]
    week1.refresh_from_db()
    week2.refresh_from_db()
    assert week1.passed_at is not None and week2.passed_at is None


def test_a_regrade_moves_the_event_to_the_new_deciding_attempt(bank, org):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"], bank["t-007"]], pass_mark=60, grading_method="highest")
    assignment = make_assignment(staff, quiz)
    first = attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=NOW)
    attempt_save_answer(attempt_id=first.pk, staff=staff, question_id=bank["t-003"].pk, raw=True, now=NOW)
    attempt_save_answer(attempt_id=first.pk, staff=staff, question_id=bank["t-007"].pk, raw="首问", now=NOW)
    first = attempt_submit(attempt_id=first.pk, staff=staff, now=NOW)  # 50 until the essay is marked
    second = attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=NOW + HOUR)
    attempt_save_answer(attempt_id=second.pk, staff=staff, question_id=bank["t-003"].pk, raw=True, now=NOW + HOUR)
    second = attempt_submit(attempt_id=second.pk, staff=staff, now=NOW + HOUR)  # 50: fails too
    assert not TrainingEvent.objects.exists()
    essay = Answer.objects.get(attempt=first, question=bank["t-007"])
    essay_grade(answer_id=essay.pk, grader=org["trainer"], fraction=0.6)  # first: 80, the best
    event = TrainingEvent.objects.get()
    assert (event.source_ref, event.occurred_at, float(event.score)) == (assignment.source_ref, NOW, 80.0)
    assignment.refresh_from_db()
    assert assignment.passed_at == NOW


def test_backbone_and_launch_assignments_record_their_own_kinds(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]], pass_mark=60, event_kind="weekly")
    long_code = Launch.objects.create(code="X" * 40, name="长编码业务", announced_at=NOW)
    five_g = Launch.objects.create(code="5G", name="5G 套餐", announced_at=NOW)
    backbone = make_assignment(staff, quiz, kind="backbone", period_key="backbone:2026-03")
    launch = make_assignment(staff, quiz, kind="launch", period_key="launch:5G")
    launch_by_id = make_assignment(staff, quiz, kind="launch", period_key=f"launch:#{long_code.pk}")
    manual = make_assignment(staff, quiz, kind="manual", period_key="manual:1")
    for assignment in (backbone, launch, launch_by_id, manual):
        take(staff, quiz, assignment, right=True)
    events = {e.source_ref: (e.kind, e.launch_id) for e in TrainingEvent.objects.all()}
    assert events == {
        backbone.source_ref: (EventKind.BACKBONE, None),
        launch.source_ref: (EventKind.NEW_SERVICE, five_g.pk),
        launch_by_id.source_ref: (EventKind.NEW_SERVICE, long_code.pk),
        manual.source_ref: ("weekly", None),
    }


def test_a_retake_draws_fresh_questions_while_the_bank_allows(db):
    staff = make_staff()
    questions = make_choice_questions(7, category="fresh")
    quiz = make_quiz(draw=("fresh", 3), pass_mark=100, shuffle_questions=True)
    assignment = make_assignment(staff, quiz)
    seen = []
    for seed in range(3):
        attempt = attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=NOW, seed=seed)
        seen.append(set(attempt.question_ids()))
        attempt_submit(attempt_id=attempt.pk, staff=staff, now=NOW)  # unanswered: fails
    first, second, third = seen
    assert len(first) == len(second) == len(third) == 3
    assert not first & second  # 4 unseen questions were left: all fresh
    assert third >= set(q.pk for q in questions) - first - second  # the last unseen one, then seen ones
    other = make_assignment(staff, quiz)
    fresh_start = attempt_start(staff=staff, quiz=quiz, assignment=other, now=NOW, seed=0)
    assert set(fresh_start.question_ids()) == first  # another assignment draws as if new (same seed)
