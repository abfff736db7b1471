"""Pages of assignments: start for an assignment, retake after a failure, review that protects the bank."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from exams.attempts import attempt_save_answer, attempt_start, attempt_submit
from exams.models import Attempt, QuizAssignment
from tests.conftest import make_staff

from .utils import make_assignment, make_quiz


def start(client, quiz, assignment=None):
    data = {"assignment": assignment.pk} if assignment is not None else {}
    return client.post(reverse("exams:quiz_start", args=[quiz.pk]), data)


def fail(staff, quiz, assignment, at=None):
    """One attempt for the assignment, answered wrong (the quiz's one question is t-001)."""
    attempt = attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=at)
    return attempt_submit(attempt_id=attempt.pk, staff=staff, now=at)


def pass_(staff, quiz, assignment, bank):
    attempt = attempt_start(staff=staff, quiz=quiz, assignment=assignment)
    right = attempt.layout[0]["c"].index(bank["t-001"].choices.get(text="三声").pk)
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-001"].pk, raw=right)
    return attempt_submit(attempt_id=attempt.pk, staff=staff)


def page(client, name, *args):
    return client.get(reverse(name, args=args)).content.decode()


def test_the_start_form_names_the_assignment_and_the_attempt_belongs_to_it(bank, staff_client):
    quiz = make_quiz([bank["t-001"]], attempts_allowed=2)
    assignment = make_assignment(staff_client.staff, quiz)
    detail = page(staff_client, "exams:quiz_detail", quiz.pk)
    assert f'name="assignment" value="{assignment.pk}"' in detail and "练习（不计入培训记录）" in detail
    assert "待作答" in detail and "0 / 2" in detail
    response = start(staff_client, quiz, assignment)
    attempt = Attempt.objects.get()
    assert response.url == reverse("exams:attempt", args=[attempt.pk]) and attempt.assignment_id == assignment.pk
    start(staff_client, quiz)
    assert Attempt.objects.filter(assignment__isnull=True).count() == 1  # practice beside it


def test_another_persons_assignment_is_a_404_and_starts_nothing(bank, staff_client):
    quiz = make_quiz([bank["t-001"]])
    theirs = make_assignment(make_staff(), quiz)
    other_quiz = make_assignment(staff_client.staff, make_quiz([bank["t-003"]]))
    assert start(staff_client, quiz, theirs).status_code == 404
    assert start(staff_client, quiz, other_quiz).status_code == 404
    url = reverse("exams:quiz_start", args=[quiz.pk])
    assert staff_client.post(url, {"assignment": "x"}).status_code == 404
    assert not Attempt.objects.exists()


def test_a_failed_attempt_with_attempts_left_offers_a_retake_until_the_due_time(bank, staff_client):
    quiz = make_quiz([bank["t-001"]], attempts_allowed=2, review="full")
    due = timezone.now() + datetime.timedelta(days=2)
    assignment = make_assignment(staff_client.staff, quiz, due_at=due)
    first = fail(staff_client.staff, quiz, assignment)
    result = page(staff_client, "exams:result", first.pk)
    local_due = timezone.localtime(due).strftime("%Y-%m-%d %H:%M")
    assert f"未通过，还可作答 1 次，截止 {local_due}" in result and "重新作答" in result
    assert f'name="assignment" value="{assignment.pk}"' in result
    assert "三声之内接起" not in result and "正确答案" not in result  # the bank stays protected
    retake = start(staff_client, quiz, assignment)
    second = Attempt.objects.get(assignment=assignment, number=2)
    assert retake.url == reverse("exams:attempt", args=[second.pk])
    attempt_submit(attempt_id=second.pk, staff=staff_client.staff)
    used_up = page(staff_client, "exams:result", second.pk)
    assert "作答次数已用完" in used_up and "重新作答" not in used_up
    assert "三声之内接起" in used_up and "正确答案" in used_up  # used up: the answers are shown


def test_after_the_due_time_the_result_says_so_shows_the_answers_and_offers_no_retake(bank, staff_client):
    quiz = make_quiz([bank["t-001"]], attempts_allowed=3, review="full")
    now = timezone.now()
    assignment = make_assignment(staff_client.staff, quiz, due_at=now + datetime.timedelta(minutes=30))
    attempt = fail(staff_client.staff, quiz, assignment, at=now)
    QuizAssignment.objects.filter(pk=assignment.pk).update(due_at=now - datetime.timedelta(minutes=1))
    result = page(staff_client, "exams:result", attempt.pk)
    assert "该测验任务已过截止时间。" in result and "重新作答" not in result and "三声之内接起" in result
    detail = page(staff_client, "exams:quiz_detail", quiz.pk)
    assert "已逾期" in detail and f'name="assignment" value="{assignment.pk}"' not in detail


def test_a_passed_assignment_shows_the_answers_and_needs_no_retake(bank, staff_client):
    quiz = make_quiz([bank["t-001"]], attempts_allowed=3, review="full")
    assignment = make_assignment(staff_client.staff, quiz)
    attempt = pass_(staff_client.staff, quiz, assignment, bank)
    result = page(staff_client, "exams:result", attempt.pk)
    assert "该测验任务已通过。" in result and "重新作答" not in result and "三声之内接起" in result
    assert "已通过" in page(staff_client, "exams:quiz_detail", quiz.pk)


def test_practice_answers_stay_hidden_after_a_failed_try_and_show_once_practice_passes(bank, staff_client):
    quiz = make_quiz([bank["t-001"]], review="full")
    failed = fail(staff_client.staff, quiz, None)
    result = page(staff_client, "exams:result", failed.pk)
    assert "练习（不计入培训记录）" in result and "三声之内接起" not in result
    passed = pass_(staff_client.staff, quiz, None, bank)
    assert "三声之内接起" in page(staff_client, "exams:result", passed.pk)


def test_my_quizzes_and_my_training_list_open_work_soonest_due_first_with_a_retake(bank, staff_client):
    staff, now = staff_client.staff, timezone.now()
    later_quiz = make_quiz([bank["t-001"]], title="月度骨干测验", attempts_allowed=2)
    sooner_quiz = make_quiz([bank["t-001"]], title="本周礼仪测验", attempts_allowed=2)
    later = make_assignment(staff, later_quiz, due_at=now + datetime.timedelta(days=9), kind="backbone")
    sooner = make_assignment(staff, sooner_quiz, due_at=now + datetime.timedelta(days=2))
    done = make_assignment(staff, make_quiz([bank["t-001"]], title="已通过的测验"))
    gone = make_assignment(
        staff, make_quiz([bank["t-001"]], title="已逾期的测验"), due_at=now - datetime.timedelta(hours=1)
    )
    fail(staff, sooner_quiz, sooner)
    pass_(staff, done.quiz, done, bank)
    for name in ("exams:quiz_list", "home:my_training"):
        html = page(staff_client, name)
        open_part = html.split("全部测验" if name == "exams:quiz_list" else "测验记录")[0]
        assert open_part.index("本周礼仪测验") < open_part.index("月度骨干测验"), name
        assert "重新作答" in open_part and f'name="assignment" value="{sooner.pk}"' in open_part, name
        assert f'name="assignment" value="{later.pk}"' in open_part and "开始作答" in open_part, name
        assert "已通过的测验" not in open_part and gone.quiz.title not in open_part, name
    assert "还可作答 1 次" in page(staff_client, "home:my_training")


def test_a_quiz_assigned_outside_its_audience_can_still_be_opened_and_started(bank, staff_client):
    quiz = make_quiz([bank["t-001"]], audience_posts=["greeter"])
    assert staff_client.get(reverse("exams:quiz_detail", args=[quiz.pk])).status_code == 404
    assignment = make_assignment(staff_client.staff, quiz, kind="manual")
    assert staff_client.get(reverse("exams:quiz_detail", args=[quiz.pk])).status_code == 200
    start(staff_client, quiz, assignment)
    assert Attempt.objects.get().assignment_id == assignment.pk


def _assignments(staff, quizzes, n):
    now = timezone.now()
    for i in range(n):
        quiz = quizzes[i % len(quizzes)]
        assignment = make_assignment(staff, quiz, due_at=now + datetime.timedelta(days=1 + i))
        if i % 2:
            fail(staff, quiz, assignment)


@pytest.mark.parametrize("count", [2, 10])
def test_quiz_pages_cost_the_same_whatever_the_number_of_assignments(
    bank, staff_client, django_assert_num_queries, count
):
    quizzes = [make_quiz([bank["t-001"]], title=f"测验{n}", attempts_allowed=3) for n in range(3)]
    _assignments(staff_client.staff, quizzes, count)
    with django_assert_num_queries(6):  # session, user, open work, audience quizzes, their attempts, roles
        staff_client.get(reverse("exams:quiz_list"))
    with django_assert_num_queries(6):  # session, user, quiz, my attempts of it, its work, roles
        staff_client.get(reverse("exams:quiz_detail", args=[quizzes[1].pk]))
    # courses, status, check-in and notices; the quiz section is one, the certification programs one,
    # the quiz history two (the assignments and their attempts)
    with django_assert_num_queries(17):
        staff_client.get(reverse("home:my_training"))


def test_a_failed_assignment_from_the_result_page_is_retaken_with_the_button(bank, staff_client):
    quiz = make_quiz([bank["t-001"]], attempts_allowed=2)
    assignment = make_assignment(staff_client.staff, quiz)
    first = fail(staff_client.staff, quiz, assignment)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = start(staff_client, quiz, assignment)
    assert response.url != reverse("exams:result", args=[first.pk])
    assert Attempt.objects.filter(assignment=assignment).count() == 2
