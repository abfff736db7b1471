"""The attempt state machine: start/resume, save, submit, overdue, essays, training events."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from evidence.models import TrainingEvent
from exams.attempts import (
    AttemptError,
    attempt_finish_overdue,
    attempt_save_answer,
    attempt_start,
    attempt_submit,
    essay_grade,
)
from exams.models import Answer, Attempt
from tests.conftest import make_staff

from .utils import load_fixture_bank, make_assignment, make_quiz

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def bank(db):
    return load_fixture_bank()


def test_start_twice_resumes_the_same_open_attempt(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-001"], bank["t-003"]])
    first = attempt_start(staff=staff, quiz=quiz, now=NOW)
    again = attempt_start(staff=staff, quiz=quiz, now=NOW + datetime.timedelta(minutes=1))
    assert again.pk == first.pk and Attempt.objects.count() == 1


def test_database_refuses_a_second_open_attempt(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-001"]])
    attempt = attempt_start(staff=staff, quiz=quiz, now=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(staff=staff, quiz=quiz, number=2, started_at=NOW, layout=attempt.layout)


def test_full_marks_pass_and_record_a_training_event(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-001"], bank["t-003"], bank["t-004"]], event_kind="weekly", pass_mark=60)
    assignment = make_assignment(staff, quiz)
    attempt = attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=NOW)
    correct = attempt.layout[0]["c"].index(bank["t-001"].choices.get(text="三声").pk)
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-001"].pk, raw=correct, now=NOW)
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=True, now=NOW)
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-004"].pk, raw="２ ", now=NOW)
    done = attempt_submit(attempt_id=attempt.pk, staff=staff, now=NOW + datetime.timedelta(minutes=3))
    assert done.state == "finished" and float(done.score) == 100.0
    event = TrainingEvent.objects.get(staff=staff)
    assert event.kind == "weekly" and event.source == "quiz" and event.source_ref == f"assignment:{assignment.pk}"
    assert event.occurred_at == NOW + datetime.timedelta(minutes=3) and float(event.score) == 100.0


def test_saving_the_same_answer_twice_keeps_one_answer(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]])
    attempt = attempt_start(staff=staff, quiz=quiz, now=NOW)
    for _ in range(2):
        attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=False, now=NOW)
    assert Answer.objects.filter(attempt=attempt).count() == 1


def test_submitting_twice_returns_the_same_finished_result(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]])
    attempt = attempt_start(staff=staff, quiz=quiz, now=NOW)
    first = attempt_submit(attempt_id=attempt.pk, staff=staff, now=NOW + datetime.timedelta(minutes=1))
    second = attempt_submit(attempt_id=attempt.pk, staff=staff, now=NOW + datetime.timedelta(minutes=5))
    assert first.finished_at == second.finished_at and first.score == second.score


def test_no_answer_is_saved_after_submit(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]])
    attempt = attempt_start(staff=staff, quiz=quiz, now=NOW)
    attempt_submit(attempt_id=attempt.pk, staff=staff, now=NOW)
    with pytest.raises(AttemptError) as err:
        attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=True, now=NOW)
    assert err.value.code == "finished"


def test_another_persons_attempt_cannot_be_answered_or_submitted(bank):
    owner, other = make_staff(), make_staff()
    quiz = make_quiz([bank["t-003"]])
    attempt = attempt_start(staff=owner, quiz=quiz, now=NOW)
    with pytest.raises(AttemptError):
        attempt_save_answer(attempt_id=attempt.pk, staff=other, question_id=bank["t-003"].pk, raw=True, now=NOW)
    with pytest.raises(AttemptError):
        attempt_submit(attempt_id=attempt.pk, staff=other, now=NOW)


def test_overdue_attempt_is_finished_at_the_limit_with_what_was_saved(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"], bank["t-004"]], time_limit_minutes=10, pass_mark=50)
    attempt = attempt_start(staff=staff, quiz=quiz, assignment=make_assignment(staff, quiz), now=NOW)
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=True, now=NOW)
    done = attempt_finish_overdue(attempt_id=attempt.pk, now=NOW + datetime.timedelta(hours=2))
    assert done.state == "finished" and done.finished_at == NOW + datetime.timedelta(minutes=10)
    assert float(done.score) == 50.0
    assert TrainingEvent.objects.filter(staff=staff).count() == 1


def test_finish_overdue_leaves_an_attempt_within_its_time_alone(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]], time_limit_minutes=10)
    attempt = attempt_start(staff=staff, quiz=quiz, now=NOW)
    assert attempt_finish_overdue(attempt_id=attempt.pk, now=NOW + datetime.timedelta(minutes=5)).state == "open"


def test_saving_after_the_deadline_finishes_the_attempt_instead(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]], time_limit_minutes=1)
    attempt = attempt_start(staff=staff, quiz=quiz, now=NOW)
    with pytest.raises(AttemptError) as err:
        attempt_save_answer(
            attempt_id=attempt.pk,
            staff=staff,
            question_id=bank["t-003"].pk,
            raw=True,
            now=NOW + datetime.timedelta(minutes=5),
        )
    assert err.value.code == "time_up"
    attempt.refresh_from_db()
    assert attempt.state == "finished" and attempt.finished_at == NOW + datetime.timedelta(minutes=1)


def test_start_is_refused_outside_the_window_and_after_the_attempts_allowed(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]], open_at=NOW + datetime.timedelta(days=1))
    with pytest.raises(AttemptError, match="尚未开放"):
        attempt_start(staff=staff, quiz=quiz, now=NOW)
    quiz.open_at, quiz.close_at = None, NOW - datetime.timedelta(minutes=1)
    quiz.save()
    with pytest.raises(AttemptError, match="已关闭"):
        attempt_start(staff=staff, quiz=quiz, now=NOW)
    quiz.close_at, quiz.attempts_allowed = None, 1
    quiz.save()
    attempt_submit(attempt_id=attempt_start(staff=staff, quiz=quiz, now=NOW).pk, staff=staff, now=NOW)
    with pytest.raises(AttemptError, match="次数已用完"):
        attempt_start(staff=staff, quiz=quiz, now=NOW)


def test_start_is_refused_outside_the_audience(bank):
    staff = make_staff(post="greeter")
    quiz = make_quiz([bank["t-003"]], audience_posts=["counter"])
    with pytest.raises(AttemptError, match="岗位"):
        attempt_start(staff=staff, quiz=quiz, now=NOW)
    quiz.audience_posts = []
    quiz.save()
    quiz.audience_halls.add(make_staff().hall)
    with pytest.raises(AttemptError, match="营业厅"):
        attempt_start(staff=staff, quiz=quiz, now=NOW)


def test_random_draw_picks_n_distinct_questions_from_the_category(bank):
    staff = make_staff()
    quiz = make_quiz(draw=("etiquette", 4))
    attempt = attempt_start(staff=staff, quiz=quiz, now=NOW, seed=7)
    ids = attempt.question_ids()
    assert len(ids) == len(set(ids)) == 4
    assert set(ids) <= {q.pk for q in bank.values()}


def test_browser_positions_map_to_choices_and_bad_positions_are_refused(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-002"]], shuffle_choices=True)
    attempt = attempt_start(staff=staff, quiz=quiz, now=NOW, seed=3)
    order = attempt.layout[0]["c"]
    answer = attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-002"].pk, raw=[0, 2], now=NOW)
    assert answer.response == sorted([order[0], order[2]])
    with pytest.raises(AttemptError) as err:
        attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-002"].pk, raw=[9], now=NOW)
    assert err.value.code == "bad_response"


def test_ordering_and_matching_answers_are_scored_by_what_was_shown(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-005"], bank["t-006"]])
    attempt = attempt_start(staff=staff, quiz=quiz, now=NOW, seed=1)
    ordering, matching = attempt.layout
    shown_positions_in_correct_order = [ordering["i"].index(i) for i in range(4)]
    attempt_save_answer(
        attempt_id=attempt.pk, staff=staff, question_id=bank["t-005"].pk, raw=shown_positions_in_correct_order, now=NOW
    )
    rights = matching["r"]
    attempt_save_answer(
        attempt_id=attempt.pk,
        staff=staff,
        question_id=bank["t-006"].pk,
        raw={"0": rights.index("您好，欢迎光临"), "1": rights.index("喂")},
        now=NOW,
    )
    done = attempt_submit(attempt_id=attempt.pk, staff=staff, now=NOW)
    assert float(done.score) == 75.0


def test_essay_waits_for_the_trainer_and_grading_updates_score_and_event(bank, org):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"], bank["t-007"]], pass_mark=60)
    attempt = attempt_start(staff=staff, quiz=quiz, assignment=make_assignment(staff, quiz), now=NOW)
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=True, now=NOW)
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-007"].pk, raw="首问负责……", now=NOW)
    done = attempt_submit(attempt_id=attempt.pk, staff=staff, now=NOW)
    assert done.needs_grading and float(done.score) == 50.0
    assert not TrainingEvent.objects.filter(staff=staff).exists()
    essay = Answer.objects.get(attempt=attempt, question=bank["t-007"])
    essay_grade(answer_id=essay.pk, grader=org["trainer"], fraction=0.8, comment="要点齐全")
    done.refresh_from_db()
    assert not done.needs_grading and float(done.score) == 90.0
    assert float(TrainingEvent.objects.get(staff=staff).score) == 90.0
    essay_grade(answer_id=essay.pk, grader=org["trainer"], fraction=0.0)
    assert not TrainingEvent.objects.filter(staff=staff).exists()


def test_grading_method_highest_keeps_the_event_of_the_best_attempt(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]], pass_mark=60, grading_method="highest")
    assignment = make_assignment(staff, quiz)
    first = attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=NOW)
    attempt_save_answer(attempt_id=first.pk, staff=staff, question_id=bank["t-003"].pk, raw=True, now=NOW)
    attempt_submit(attempt_id=first.pk, staff=staff, now=NOW)
    later = NOW + datetime.timedelta(days=1)
    assignment.passed_at = None  # a retake of a passed assignment is refused; here it stands for a regrade
    assignment.save()
    second = attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=later)
    attempt_submit(attempt_id=second.pk, staff=staff, now=later)
    event = TrainingEvent.objects.get(staff=staff)
    assert event.occurred_at == NOW and float(event.score) == 100.0


def test_grading_method_last_withdraws_the_event_when_the_last_attempt_fails(bank):
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]], pass_mark=60, grading_method="last")
    assignment = make_assignment(staff, quiz)
    first = attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=NOW)
    attempt_save_answer(attempt_id=first.pk, staff=staff, question_id=bank["t-003"].pk, raw=True, now=NOW)
    attempt_submit(attempt_id=first.pk, staff=staff, now=NOW)
    assert TrainingEvent.objects.filter(staff=staff).exists()
    assignment.passed_at = None  # a retake of a passed assignment is refused; here it stands for a regrade
    assignment.save()
    second = attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=timezone.now())
    attempt_submit(attempt_id=second.pk, staff=staff)
    assert not TrainingEvent.objects.filter(staff=staff).exists()


@pytest.mark.parametrize("count", [5, 40])
def test_submit_queries_do_not_grow_with_the_number_of_questions(db, django_assert_max_num_queries, count):
    from .utils import make_choice_questions

    staff = make_staff()
    questions = make_choice_questions(count, category=f"submit{count}")
    quiz = make_quiz(questions)
    attempt = attempt_start(staff=staff, quiz=quiz, now=NOW)
    from exams.attempts import attempt_save_answers

    with django_assert_max_num_queries(8):
        attempt_save_answers(attempt_id=attempt.pk, staff=staff, answers={q.pk: 0 for q in questions}, now=NOW)
    with django_assert_max_num_queries(15):
        done = attempt_submit(attempt_id=attempt.pk, staff=staff, now=NOW)
    assert float(done.score) == 100.0


def test_quiz_assign_is_once_per_person_and_period(bank):
    from exams.assignments import assignment_done, quiz_assign
    from exams.models import QuizAssignment

    a, b = make_staff(), make_staff()
    quiz = make_quiz([bank["t-003"]], pass_mark=60)
    due = NOW + datetime.timedelta(days=2)
    assert quiz_assign(staff_ids=[a.pk, b.pk, a.pk], quiz=quiz, due_at=due, period_key="2026-W10") == 2
    assert quiz_assign(staff_ids=[a.pk], quiz=quiz, due_at=due, period_key="2026-W10") == 0
    assert quiz_assign(staff_ids=[a.pk], quiz=quiz, due_at=due, period_key="2026-W11") == 1
    assignment = QuizAssignment.objects.get(staff=a, period_key="2026-W10")
    assert not assignment_done(assignment)
    attempt = attempt_start(staff=a, quiz=quiz, assignment=assignment, now=NOW)
    attempt_save_answer(attempt_id=attempt.pk, staff=a, question_id=bank["t-003"].pk, raw=True, now=NOW)
    attempt_submit(attempt_id=attempt.pk, staff=a, now=NOW)
    assignment.refresh_from_db()
    assert assignment_done(assignment)


def test_quiz_final_grades_follow_the_grading_method(bank):
    from exams.selectors import quiz_final_grades

    staff = make_staff()
    quiz = make_quiz([bank["t-003"]], grading_method="average")
    for answer in (True, False):
        attempt = attempt_start(staff=staff, quiz=quiz, now=NOW)
        attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=answer, now=NOW)
        attempt_submit(attempt_id=attempt.pk, staff=staff, now=NOW)
    assert quiz_final_grades(quiz=quiz, staff_ids=[staff.pk]) == {staff.pk: 50.0}


def test_a_hand_in_is_timed_now_or_at_the_deadline_if_that_has_passed(db):
    from exams.attempts import AttemptError, attempt_hand_in

    bank = load_fixture_bank()
    quiz = make_quiz([bank["t-003"]], time_limit_minutes=10)
    start = timezone.now() - datetime.timedelta(minutes=30)
    early, late = make_staff(), make_staff()
    in_time = attempt_start(staff=early, quiz=quiz, now=start)
    overdue = attempt_start(staff=late, quiz=quiz, now=start)
    assert attempt_hand_in(attempt_id=in_time.pk, staff=early, now=start + datetime.timedelta(minutes=4))
    assert attempt_hand_in(attempt_id=overdue.pk, staff=late, now=start + datetime.timedelta(minutes=25))
    in_time.refresh_from_db()
    overdue.refresh_from_db()
    assert in_time.finished_at == start + datetime.timedelta(minutes=4) and in_time.state == "handed_in"
    assert overdue.finished_at == start + datetime.timedelta(minutes=10)
    with pytest.raises(AttemptError) as refused:
        attempt_hand_in(attempt_id=in_time.pk, staff=late)
    assert refused.value.code == "not_found"


def test_a_hand_in_is_one_update_and_without_a_deadline_is_timed_now(db, django_assert_num_queries):
    from exams.attempts import attempt_hand_in

    bank = load_fixture_bank()
    quiz = make_quiz([bank["t-003"]])
    staff = make_staff()
    attempt = attempt_start(staff=staff, quiz=quiz, now=NOW)
    assert attempt.deadline_at is None
    with django_assert_num_queries(1) as queries:
        assert attempt_hand_in(attempt_id=attempt.pk, staff=staff, now=NOW + datetime.timedelta(hours=3))
    assert queries.captured_queries[0]["sql"].startswith("UPDATE")
    attempt.refresh_from_db()
    assert attempt.state == "handed_in" and attempt.finished_at == NOW + datetime.timedelta(hours=3)
    with django_assert_num_queries(2):  # the update changes nothing, the attempt is there
        assert not attempt_hand_in(attempt_id=attempt.pk, staff=staff, now=NOW + datetime.timedelta(hours=4))
    attempt.refresh_from_db()
    assert attempt.finished_at == NOW + datetime.timedelta(hours=3)
