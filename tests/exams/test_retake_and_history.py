"""A failed assignment with attempts left stays on the to-do lists with 重新作答; used up or passed, it moves
to 测验记录 with its final grade (``exams.results``: the archive's score sheet)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from exams import results
from exams.attempts import attempt_save_answer, attempt_start, attempt_submit
from exams.models import QuizAssignment
from tests.conftest import make_staff

from .utils import make_assignment, make_quiz


def take(staff, quiz, assignment, bank, *, right: bool, at=None):
    attempt = attempt_start(staff=staff, quiz=quiz, assignment=assignment, now=at)
    if right:
        pos = attempt.layout[0]["c"].index(bank["t-001"].choices.get(text="三声").pk)
        attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-001"].pk, raw=pos, now=at)
    return attempt_submit(attempt_id=attempt.pk, staff=staff, now=at)


def todo_html(client, name):
    html = client.get(reverse(name)).content.decode()
    if name == "exams:quiz_list":
        return html.split("全部测验")[0]
    if name == "home:my_training":
        return html.split("测验记录")[0]
    return html


TODO_PAGES = ("home:my_training", "home:landing", "exams:quiz_list")


def test_a_failed_assignment_stays_with_a_retake_until_its_attempts_are_used_up(bank, staff_client):
    staff = staff_client.staff
    quiz = make_quiz([bank["t-001"]], title="本周礼仪测验", attempts_allowed=2)
    due = timezone.now() + datetime.timedelta(days=3)
    assignment = make_assignment(staff, quiz, due_at=due)
    take(staff, quiz, assignment, bank, right=False)
    for name in TODO_PAGES:
        html = todo_html(staff_client, name)
        assert "本周礼仪测验" in html and "重新作答" in html, name
        assert f'name="assignment" value="{assignment.pk}"' in html, name
    mine = todo_html(staff_client, "home:my_training")
    assert "已作答 1/2 次，还可作答 1 次" in mine
    assert timezone.localtime(due).strftime("%Y-%m-%d %H:%M") in mine
    assert "已作答 1/2 次" in todo_html(staff_client, "home:landing")

    take(staff, quiz, assignment, bank, right=False)
    for name in TODO_PAGES:
        assert f'name="assignment" value="{assignment.pk}"' not in todo_html(staff_client, name), name
    history = staff_client.get(reverse("home:my_training")).content.decode().split("测验记录")[1]
    assert "本周礼仪测验" in history and "未通过" in history and "成绩 0" in history


def test_a_passed_retake_leaves_the_list_and_shows_passed_in_the_history(bank, staff_client):
    staff = staff_client.staff
    quiz = make_quiz([bank["t-001"]], title="月度测验", attempts_allowed=3)
    assignment = make_assignment(staff, quiz, due_at=timezone.now() + datetime.timedelta(days=3))
    take(staff, quiz, assignment, bank, right=False)
    take(staff, quiz, assignment, bank, right=True)
    assert "月度测验" not in todo_html(staff_client, "home:my_training")
    history = staff_client.get(reverse("home:my_training")).content.decode().split("测验记录")[1]
    assert "月度测验" in history and "已通过" in history and "成绩 100" in history


def test_the_last_attempt_still_open_keeps_the_work_on_the_list(bank, staff_client):
    staff = staff_client.staff
    quiz = make_quiz([bank["t-001"]], title="一次机会", attempts_allowed=1)
    assignment = make_assignment(staff, quiz)
    attempt = attempt_start(staff=staff, quiz=quiz, assignment=assignment)
    html = todo_html(staff_client, "home:my_training")
    assert "一次机会" in html and reverse("exams:attempt", args=[attempt.pk]) in html


def test_final_grade_follows_the_quizs_grading_method_and_passed_means_by_the_due_time(bank, db):
    staff, now = make_staff(), timezone.now()
    highest = make_quiz([bank["t-001"]], title="取最高", attempts_allowed=2, grading_method="highest")
    average = make_quiz([bank["t-001"]], title="取平均", attempts_allowed=2, grading_method="average")
    a_high = make_assignment(staff, highest, due_at=now + datetime.timedelta(days=1))
    a_avg = make_assignment(staff, average, due_at=now + datetime.timedelta(days=1))
    for quiz, assignment in ((highest, a_high), (average, a_avg)):
        take(staff, quiz, assignment, bank, right=False)
        take(staff, quiz, assignment, bank, right=True)
    untouched = make_assignment(staff, average, due_at=now - datetime.timedelta(days=1))
    later = make_assignment(staff, highest, due_at=now + datetime.timedelta(days=5))
    rows = {r.assignment.pk: r for r in results.assignment_results(staff_ids=[staff.pk], now=now)[staff.pk]}
    assert (rows[a_high.pk].grade, rows[a_high.pk].outcome) == (100.0, results.PASSED)
    assert (rows[a_avg.pk].grade, rows[a_avg.pk].outcome, rows[a_avg.pk].used) == (50.0, results.FAILED, 2)
    assert (rows[untouched.pk].grade, rows[untouched.pk].outcome, rows[untouched.pk].used) == (None, results.FAILED, 0)
    assert rows[later.pk].outcome == results.OPEN
    settled = results.assignment_results(staff_ids=[staff.pk], now=now, settled_only=True)[staff.pk]
    assert later.pk not in {r.assignment.pk for r in settled}  # still to do: not in the history
    QuizAssignment.objects.filter(pk=a_high.pk).update(passed_at=now + datetime.timedelta(days=2))
    again = {r.assignment.pk: r for r in results.assignment_results(staff_ids=[staff.pk], now=now)[staff.pk]}
    assert again[a_high.pk].outcome == results.FAILED  # passed only after its due time: not by the archive


def test_results_of_many_people_cost_two_queries(bank, db, django_assert_num_queries):
    people = [make_staff() for _ in range(3)]
    quiz = make_quiz([bank["t-001"]], attempts_allowed=2)
    for staff in people:
        assignment = make_assignment(staff, quiz)
        take(staff, quiz, assignment, bank, right=False)
    with django_assert_num_queries(2):
        read = results.assignment_results(staff_ids=[s.pk for s in people], now=timezone.now())
    assert sorted(len(v) for v in read.values()) == [1, 1, 1]
