"""Staff pages: taking a quiz, autosave, integrity (no answers in the page), other people's attempts, queries."""

import datetime
import json
import re

import pytest
from django.db.models import F
from django.test import TestCase
from django.urls import reverse

from evidence.models import TrainingEvent
from exams.attempts import attempt_start
from exams.models import Answer, Attempt
from exams.tasks import attempts_grade_handed_in
from tests.conftest import make_staff

from .utils import make_assignment, make_choice_questions, make_quiz


def save(client, attempt, question, response):
    return client.post(
        reverse("exams:attempt_answer", args=[attempt.pk]),
        data=json.dumps({"question": question.pk, "response": response}),
        content_type="application/json",
    )


def hand_in(client, attempt, data=None):
    """Submit as the browser does, with the grading task (eager in tests) run when the hand-in commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("exams:attempt_submit", args=[attempt.pk]), data or {})


def test_quiz_list_shows_only_quizzes_of_my_audience(bank, staff_client):
    make_quiz([bank["t-003"]], title="全员测验")
    make_quiz([bank["t-003"]], title="引导岗测验", audience_posts=["greeter"])
    page = staff_client.get(reverse("exams:quiz_list")).content.decode()
    assert "全员测验" in page and "引导岗测验" not in page


def test_start_then_take_page_shows_questions_but_never_answers(bank, staff_client):
    quiz = make_quiz([bank[k] for k in ("t-001", "t-002", "t-003", "t-004", "t-005", "t-006", "t-007")])
    response = staff_client.post(reverse("exams:quiz_start", args=[quiz.pk]))
    attempt = Attempt.objects.get(staff=staff_client.staff)
    assert response.url == reverse("exams:attempt", args=[attempt.pk])
    html = staff_client.get(response.url).content.decode()
    for question in bank.values():
        assert question.text.split("____")[0] in html
    for secret in ("三声之内接起", "正确", "fraction", "评分要点", "两", "1.0", "-0.5"):
        assert secret not in html, secret
    choice_ids = {str(c.pk) for q in bank.values() for c in q.choices.all()}
    values = set(re.findall(r'name="q\d+" value="([^"]+)"', html))
    assert values <= {"0", "1", "2", "true", "false"} and not (values & choice_ids - {"0", "1", "2"})


def test_autosaved_answer_survives_a_reload(bank, staff_client):
    quiz = make_quiz([bank["t-003"], bank["t-004"]])
    attempt = attempt_start(staff=staff_client.staff, quiz=quiz)
    body = save(staff_client, attempt, bank["t-003"], True).json()
    assert body["ok"] is True and set(body) == {"ok", "saved_at"}
    assert save(staff_client, attempt, bank["t-004"], "二").json()["ok"] is True
    assert staff_client.get(reverse("exams:attempt_answer", args=[attempt.pk])).status_code == 405
    html = staff_client.get(reverse("exams:attempt", args=[attempt.pk])).content.decode()
    assert re.search(r'value="true" checked', html) and 'value="二"' in html


def test_bad_autosave_body_is_a_400_not_a_500(bank, staff_client):
    attempt = attempt_start(staff=staff_client.staff, quiz=make_quiz([bank["t-001"]]))
    url = reverse("exams:attempt_answer", args=[attempt.pk])
    assert staff_client.post(url, data="not json", content_type="application/json").status_code == 400
    assert save(staff_client, attempt, bank["t-001"], 99).status_code == 400
    assert save(staff_client, attempt, bank["t-003"], True).status_code == 400
    assert not Answer.objects.exists()


def test_another_persons_attempt_is_404_everywhere(bank, staff_client):
    other = make_staff()
    attempt = attempt_start(staff=other, quiz=make_quiz([bank["t-003"]]))
    assert staff_client.get(reverse("exams:attempt", args=[attempt.pk])).status_code == 404
    assert save(staff_client, attempt, bank["t-003"], True).status_code == 404
    assert staff_client.post(reverse("exams:attempt_submit", args=[attempt.pk])).status_code == 404
    assert staff_client.get(reverse("exams:result", args=[attempt.pk])).status_code == 404
    attempt.refresh_from_db()
    assert attempt.is_open and not attempt.answers.exists()


def test_submitting_the_form_twice_shows_the_same_result(bank, staff_client):
    quiz = make_quiz([bank["t-003"]], review="full")
    assignment = make_assignment(staff_client.staff, quiz)
    attempt = attempt_start(staff=staff_client.staff, quiz=quiz, assignment=assignment)
    url = reverse("exams:attempt_submit", args=[attempt.pk])
    first = staff_client.post(url, {f"q{bank['t-003'].pk}": "true"})
    second = staff_client.post(url, {f"q{bank['t-003'].pk}": "false"})
    assert first.url == second.url == reverse("exams:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.state == "handed_in" and attempt.finished_at is not None and attempt.score is None
    waiting = staff_client.get(first.url).content.decode()
    assert "正在评分" in waiting and 'http-equiv="refresh"' in waiting and "通过" not in waiting
    Attempt.objects.filter(pk=attempt.pk).update(finished_at=F("finished_at") - datetime.timedelta(seconds=11))
    assert "正在评分" in staff_client.get(first.url).content.decode()  # the page never grades; the worker does
    attempts_grade_handed_in.delay().get()
    page = staff_client.get(first.url).content.decode()
    assert "100" in page and "通过" in page
    attempt.refresh_from_db()
    assert attempt.state == "finished" and float(attempt.score) == 100.0
    assert TrainingEvent.objects.filter(staff=staff_client.staff, source_ref=assignment.source_ref).count() == 1


def test_the_result_page_waits_for_a_slow_worker_and_says_so(bank, staff_client):
    attempt = attempt_start(staff=staff_client.staff, quiz=make_quiz([bank["t-003"]]))
    staff_client.post(reverse("exams:attempt_submit", args=[attempt.pk]))
    Attempt.objects.filter(pk=attempt.pk).update(finished_at=F("finished_at") - datetime.timedelta(minutes=5))
    page = staff_client.get(reverse("exams:result", args=[attempt.pk])).content.decode()
    assert "评分比平时慢" in page and 'http-equiv="refresh" content="10"' in page
    attempt.refresh_from_db()
    assert attempt.state == "handed_in" and attempt.score is None


def test_a_hand_in_is_graded_by_the_worker_once_it_commits(bank, staff_client, django_capture_on_commit_callbacks):
    quiz = make_quiz([bank["t-003"]])
    attempt = attempt_start(staff=staff_client.staff, quiz=quiz)
    save(staff_client, attempt, bank["t-003"], True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        staff_client.post(reverse("exams:attempt_submit", args=[attempt.pk]))
    assert len(callbacks) == 1
    attempt.refresh_from_db()
    assert attempt.state == "finished" and float(attempt.score) == 100.0


def test_no_one_can_hand_in_another_persons_attempt(bank, staff_client):
    other = make_staff()
    attempt = attempt_start(staff=other, quiz=make_quiz([bank["t-003"]]))
    response = staff_client.post(reverse("exams:attempt_submit", args=[attempt.pk]))
    assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.state == "open"


def test_a_hand_in_cannot_be_answered_any_more(bank, staff_client):
    attempt = attempt_start(staff=staff_client.staff, quiz=make_quiz([bank["t-003"]]))
    staff_client.post(reverse("exams:attempt_submit", args=[attempt.pk]))
    response = save(staff_client, attempt, bank["t-003"], True)
    assert response.status_code == 409 and response.json()["error"] == "finished"
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_form_without_javascript_saves_every_type(bank, staff_client):
    quiz = make_quiz([bank["t-002"], bank["t-005"], bank["t-006"]])
    attempt = attempt_start(staff=staff_client.staff, quiz=quiz)
    multi, ordering, matching = attempt.layout
    q2, q5, q6 = bank["t-002"].pk, bank["t-005"].pk, bank["t-006"].pk
    data = {f"q{q2}_present": "1", f"q{q2}": ["0", "1"]}
    data |= {
        f"q{q5}_r{token}": str(multi_rank)
        for token, multi_rank in zip(range(4), [ordering["i"][t] + 1 for t in range(4)], strict=True)
    }
    data |= {f"q{q6}_l0": str(matching["r"].index("您好，欢迎光临")), f"q{q6}_l1": str(matching["r"].index("请慢走"))}
    hand_in(staff_client, attempt, data)
    attempt.refresh_from_db()
    assert float(attempt.score) == 100.0


def test_review_option_score_only_hides_answers_and_explanations(bank, staff_client):
    quiz = make_quiz([bank["t-001"]], review="score", attempts_allowed=1)  # used up: the review may show
    attempt = attempt_start(staff=staff_client.staff, quiz=quiz)
    hand_in(staff_client, attempt)
    page = staff_client.get(reverse("exams:result", args=[attempt.pk])).content.decode()
    assert "三声之内接起" not in page and "正确答案" not in page
    quiz.review = "full"
    quiz.save()
    page = staff_client.get(reverse("exams:result", args=[attempt.pk])).content.decode()
    assert "三声之内接起" in page and "正确答案" in page


def test_result_of_an_open_attempt_redirects_to_the_attempt(bank, staff_client):
    attempt = attempt_start(staff=staff_client.staff, quiz=make_quiz([bank["t-001"]]))
    response = staff_client.get(reverse("exams:result", args=[attempt.pk]))
    assert response.url == reverse("exams:attempt", args=[attempt.pk])


@pytest.mark.parametrize("count", [5, 40])
def test_quiz_page_queries_stay_within_budget_whatever_the_number_of_questions(
    db, staff_client, django_assert_max_num_queries, count
):
    questions = make_choice_questions(count, category=f"bank{count}")
    attempt = attempt_start(staff=staff_client.staff, quiz=make_quiz(questions))
    for question in questions[:3]:
        save(staff_client, attempt, question, 0)
    url = reverse("exams:attempt", args=[attempt.pk])
    staff_client.get(url)
    with django_assert_max_num_queries(6):
        response = staff_client.get(url)
    assert response.content.decode().count('class="card question"') == count


def test_autosave_costs_a_fixed_handful_of_queries(bank, staff_client, django_assert_max_num_queries):
    """The hottest request of a shift: session, user with staff profile, the locked attempt, one upsert."""
    attempt = attempt_start(staff=staff_client.staff, quiz=make_quiz([bank["t-003"], bank["t-001"]]))
    save(staff_client, attempt, bank["t-003"], True)
    with django_assert_max_num_queries(6):
        assert save(staff_client, attempt, bank["t-003"], False).status_code == 200
    with django_assert_max_num_queries(6):
        assert save(staff_client, attempt, bank["t-001"], 0).status_code == 200
    assert Answer.objects.get(attempt=attempt, question=bank["t-003"]).response is False
    assert Answer.objects.filter(attempt=attempt).count() == 2


def test_landing_page_lists_my_quizzes_and_open_polls(bank, staff_client):
    from exams.models import Poll

    make_quiz([bank["t-003"]], title="本周礼仪小测")
    Poll.objects.create(question="培训有用吗？")
    page = staff_client.get(reverse("home:landing")).content.decode()
    assert "本周礼仪小测" in page and "培训有用吗？" in page


def test_review_after_close_shows_answers_only_once_the_quiz_has_closed(bank, staff_client):
    import datetime

    from django.utils import timezone

    quiz = make_quiz([bank["t-001"]], review="after_close", close_at=timezone.now() + datetime.timedelta(hours=1))
    attempt = attempt_start(staff=staff_client.staff, quiz=quiz)
    hand_in(staff_client, attempt)
    url = reverse("exams:result", args=[attempt.pk])
    page = staff_client.get(url).content.decode()
    assert "三声之内接起" not in page and "关闭后可查看" in page
    quiz.close_at = timezone.now() - datetime.timedelta(minutes=1)
    quiz.save()
    assert "三声之内接起" in staff_client.get(url).content.decode()


def hand_in_json(client, attempt, data=None):
    """Submit as the page's script does: only unsent answers in the body, JSON asked for."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("exams:attempt_submit", args=[attempt.pk]), data or {}, headers={"Accept": "application/json"}
        )


def test_the_script_hand_in_answers_json_and_the_result_follows(bank, staff_client):
    quiz = make_quiz([bank["t-003"]], review="full")
    attempt = attempt_start(staff=staff_client.staff, quiz=quiz)
    save(staff_client, attempt, bank["t-003"], True)
    result_url = reverse("exams:result", args=[attempt.pk])
    first = hand_in_json(staff_client, attempt)
    assert first.status_code == 200
    assert first.json() == {"ok": True, "result_url": result_url, "wait_ms": 1500}
    attempt.refresh_from_db()
    assert attempt.state == "finished" and float(attempt.score) == 100.0
    again = hand_in_json(staff_client, attempt)
    assert again.status_code == 200 and again.json()["result_url"] == result_url
    assert "100" in staff_client.get(result_url).content.decode()


def test_the_script_hand_in_saves_the_answers_it_could_not_autosave(bank, staff_client):
    quiz = make_quiz([bank["t-003"], bank["t-004"]])
    attempt = attempt_start(staff=staff_client.staff, quiz=quiz)
    save(staff_client, attempt, bank["t-003"], True)
    response = hand_in_json(staff_client, attempt, {f"q{bank['t-004'].pk}": "两"})
    assert response.json()["ok"] is True
    assert Answer.objects.get(attempt=attempt, question=bank["t-004"]).response == "两"
    attempt.refresh_from_db()
    assert attempt.state == "finished" and float(attempt.score) == 100.0


def test_the_script_hand_in_of_a_bad_answer_is_a_json_error_and_changes_nothing(bank, staff_client):
    attempt = attempt_start(staff=staff_client.staff, quiz=make_quiz([bank["t-001"]]))
    response = hand_in_json(staff_client, attempt, {f"q{bank['t-001'].pk}": "99"})
    assert response.status_code == 400
    assert response.json()["ok"] is False and response.json()["message"]
    attempt.refresh_from_db()
    assert attempt.is_open and not attempt.answers.exists()


def test_the_script_hand_in_after_the_deadline_finishes_at_the_deadline(bank, staff_client):
    quiz = make_quiz([bank["t-003"]])
    attempt = attempt_start(staff=staff_client.staff, quiz=quiz)
    deadline = attempt.started_at - datetime.timedelta(minutes=1)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=deadline - datetime.timedelta(minutes=20), deadline_at=deadline
    )
    response = hand_in_json(staff_client, attempt)
    assert response.json()["ok"] is True
    attempt.refresh_from_db()
    assert attempt.state == "finished" and attempt.finished_at == deadline


def test_no_one_can_hand_in_another_persons_attempt_by_script(bank, staff_client):
    attempt = attempt_start(staff=make_staff(), quiz=make_quiz([bank["t-003"]]))
    assert hand_in_json(staff_client, attempt).status_code == 404
    attempt.refresh_from_db()
    assert attempt.state == "open"


def test_a_script_hand_in_is_one_update_after_the_session_and_user(bank, staff_client, django_assert_max_num_queries):
    attempt = attempt_start(staff=staff_client.staff, quiz=make_quiz([bank["t-003"], bank["t-001"]]))
    url = reverse("exams:attempt_submit", args=[attempt.pk])
    with django_assert_max_num_queries(3):  # grading runs later, in the worker
        response = staff_client.post(url, headers={"Accept": "application/json"})
    assert response.json()["ok"] is True
    attempt.refresh_from_db()
    assert attempt.state == "handed_in"


def test_a_double_script_hand_in_answers_ok_twice_and_changes_nothing_the_second_time(bank, staff_client):
    quiz = make_quiz([bank["t-003"]])
    assignment = make_assignment(staff_client.staff, quiz)
    attempt = attempt_start(staff=staff_client.staff, quiz=quiz, assignment=assignment)
    url = reverse("exams:attempt_submit", args=[attempt.pk])
    json_accept = {"Accept": "application/json"}
    with TestCase.captureOnCommitCallbacks(execute=True):
        first = staff_client.post(url, {f"q{bank['t-003'].pk}": "true"}, headers=json_accept)
    attempt.refresh_from_db()
    finished_at, score = attempt.finished_at, attempt.score
    with TestCase.captureOnCommitCallbacks(execute=True):
        second = staff_client.post(url, {f"q{bank['t-003'].pk}": "false"}, headers=json_accept)
    assert first.json() == second.json() and first.json()["ok"] is True
    attempt.refresh_from_db()
    assert (attempt.finished_at, attempt.score) == (finished_at, score) and float(score) == 100.0
    assert Answer.objects.get(attempt=attempt).response is True
    assert Attempt.objects.filter(assignment=assignment).count() == 1
