"""Trainer tools (import/export views, grading queue, statistics) and feedback polls."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from exams.attempts import attempt_save_answer, attempt_start, attempt_submit
from exams.models import Answer, Poll, PollChoice, Question, Vote
from exams.polls import VoteError, poll_vote
from exams.reports import quiz_statistics
from people.models import Staff
from tests.conftest import make_staff

from .utils import FIXTURES, load_fixture_bank, make_quiz

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def bank(db):
    return load_fixture_bank()


def test_trainer_imports_a_file_and_sees_the_report(org, client):
    client.force_login(org["trainer"])
    upload = SimpleUploadedFile("bank.yaml", (FIXTURES / "bad.yaml").read_bytes())
    page = client.post(reverse("exams_admin:import"), {"file": upload, "format": ""}).content.decode()
    assert "b-004" in page and "重复" in page and "未知题型" in page and "numerical" in page
    assert Question.objects.count() == 1


def test_unreadable_upload_shows_an_error_and_imports_nothing(org, client):
    client.force_login(org["trainer"])
    upload = SimpleUploadedFile("bank.xlsx", b"not a workbook")
    response = client.post(reverse("exams_admin:import"), {"file": upload})
    assert response.status_code == 200 and "文件无法读取" in response.content.decode()
    assert not Question.objects.exists()


def test_staff_cannot_open_the_import_page(org, client):
    client.force_login(org["staff_a1"].user)
    assert client.get(reverse("exams_admin:import")).status_code in (302, 403)


def test_export_and_blank_template_download(bank, org, client):
    client.force_login(org["trainer"])
    response = client.get(reverse("exams_admin:export"), {"format": "moodle-xml", "category": "etiquette"})
    assert response.status_code == 200 and b"<quiz>" in response.content
    template = client.get(reverse("exams_admin:template"))
    assert template.content[:2] == b"PK"


def test_question_admin_pages_render(bank, org, client):
    client.force_login(org["trainer"])
    assert client.get("/admin/exams/questions/").status_code == 200
    assert client.get(f"/admin/exams/questions/edit/{bank['t-006'].pk}/").status_code == 200
    assert client.get("/admin/exams/quizzes/new/").status_code == 200
    preview = client.get(reverse("exams_admin:preview", args=[bank["t-001"].pk])).content.decode()
    assert "三声之内接起" in preview


def _finished_essay(bank, staff):
    quiz = make_quiz([bank["t-007"]])
    attempt = attempt_start(staff=staff, quiz=quiz, now=NOW)
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-007"].pk, raw="答案", now=NOW)
    attempt_submit(attempt_id=attempt.pk, staff=staff, now=NOW)
    return Answer.objects.get(attempt=attempt)


def test_grading_queue_lists_only_staff_of_the_trainers_halls(bank, org, client):
    mine = _finished_essay(bank, org["staff_a1"])
    other = _finished_essay(bank, org["staff_b1"])
    client.force_login(org["trainer"])
    page = client.get(reverse("exams_admin:grading")).content.decode()
    assert reverse("exams_admin:grade", args=[mine.pk]) in page
    assert reverse("exams_admin:grade", args=[other.pk]) not in page
    assert client.get(reverse("exams_admin:grade", args=[other.pk])).status_code == 404
    response = client.post(reverse("exams_admin:grade", args=[mine.pk]), {"percent": 80, "comment": "好"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.score == 0.8 and mine.graded_by == org["trainer"]
    assert float(mine.attempt.score) == 80.0 and not mine.attempt.needs_grading


def test_quiz_statistics_facility_discrimination_and_choice_counts(bank):
    quiz = make_quiz([bank["t-001"], bank["t-003"]], pass_mark=50)
    right = bank["t-001"].choices.get(text="三声").pk
    plan = [(True, True), (True, True), (False, True), (False, False)]
    for got_first, got_second in plan:
        staff = make_staff()
        attempt = attempt_start(staff=staff, quiz=quiz, now=NOW)
        pos = attempt.layout[0]["c"].index(right)
        attempt_save_answer(
            attempt_id=attempt.pk,
            staff=staff,
            question_id=bank["t-001"].pk,
            raw=pos if got_first else 1 - pos,
            now=NOW,
        )
        attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=got_second, now=NOW)
        attempt_submit(attempt_id=attempt.pk, staff=staff, now=NOW)
    report = quiz_statistics(quiz, Staff.objects.values("pk"))
    assert report.attempts == 4 and report.mean == 62.5 and report.median == 75.0 and report.pass_rate == 0.75
    first = next(r for r in report.questions if r.question.pk == bank["t-001"].pk)
    assert first.facility == 50.0 and first.discrimination > 50
    assert dict((t, n) for t, _f, n in first.choices) == {"三声": 2, "五声": 2}
    assert sum(report.histogram) == 4


def test_stats_page_for_managers_only(bank, org, client):
    quiz = make_quiz([bank["t-003"]])
    client.force_login(org["manager_a"].user)
    assert client.get(reverse("exams_admin:stats", args=[quiz.pk])).status_code == 200
    client.force_login(org["staff_a1"].user)
    assert client.get(reverse("exams_admin:stats", args=[quiz.pk])).status_code in (302, 403)


@pytest.fixture
def poll(db):
    poll = Poll.objects.create(question="本次培训有用吗？")
    for text in ("很有用", "一般", "没用"):
        PollChoice.objects.create(poll=poll, text=text)
    return poll


def test_one_vote_per_person_is_a_database_rule(poll):
    staff = make_staff()
    choice = poll.choices.first()
    poll_vote(poll=poll, staff=staff, choice_id=choice.pk)
    with pytest.raises(VoteError):
        poll_vote(poll=poll, staff=staff, choice_id=choice.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(poll=poll, choice=choice, staff=staff)
    assert Vote.objects.count() == 1


def test_staff_votes_from_the_page_and_managers_see_the_chart(poll, org, client):
    client.force_login(org["staff_a1"].user)
    choice = poll.choices.get(text="一般")
    client.post(reverse("exams:poll", args=[poll.pk]), {"choice": choice.pk, "comment": "例子太少"})
    client.post(reverse("exams:poll", args=[poll.pk]), {"choice": choice.pk})
    assert Vote.objects.filter(poll=poll).count() == 1
    client.force_login(org["manager_a"].user)
    page = client.get(reverse("exams_admin:poll_results", args=[poll.pk])).content.decode()
    assert "<svg" in page and "例子太少" in page and "1（100%）" in page
    client.force_login(org["manager_b"].user)
    assert "例子太少" not in client.get(reverse("exams_admin:poll_results", args=[poll.pk])).content.decode()


def _question_post(category, **extra):
    data = {
        "category": category.pk,
        "type": "matching",
        "difficulty": 2,
        "name": "连线",
        "text": "将场景与用语连线。",
        "tags": "礼仪",
        "choices-TOTAL_FORMS": 0,
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 1000,
        "tf_answer": "",
        "accepted_text": "",
        "items_text": "",
        "pairs_text": "进门 -> 您好\n离开 -> 慢走\n-> 喂",
        "grader_info": "",
        "explanation": "",
    }
    return data | extra


def test_trainer_authors_a_matching_question_in_the_admin(bank, org, client):
    client.force_login(org["trainer"])
    category = bank["t-001"].category
    response = client.post("/admin/exams/questions/new/", _question_post(category))
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(name="连线")
    assert question.data == {
        "pairs": [{"left": "进门", "right": "您好"}, {"left": "离开", "right": "慢走"}],
        "distractors": ["喂"],
    }
    assert [t.name for t in question.tags.all()] == ["礼仪"]


def test_admin_refuses_an_incomplete_question(bank, org, client):
    client.force_login(org["trainer"])
    data = _question_post(bank["t-001"].category, pairs_text="只有一行 -> 一个")
    response = client.post("/admin/exams/questions/new/", data)
    assert response.status_code == 200 and "匹配题至少需要两对" in response.content.decode()
    assert not Question.objects.filter(name="连线").exists()


def test_trainer_creates_a_quiz_with_a_random_draw_for_two_posts(bank, org, client):
    from exams.models import Quiz

    client.force_login(org["trainer"])
    data = {
        "title": "新业务测验",
        "description": "",
        "module": "",
        "event_kind": "new_service",
        "slots-TOTAL_FORMS": 1,
        "slots-INITIAL_FORMS": 0,
        "slots-MIN_NUM_FORMS": 0,
        "slots-MAX_NUM_FORMS": 1000,
        "slots-0-question": "",
        "slots-0-category": bank["t-001"].category.pk,
        "slots-0-include_subcategories": "on",
        "slots-0-difficulty": "",
        "slots-0-question_type": "",
        "slots-0-count": 3,
        "slots-0-ORDER": 1,
        "time_limit_minutes": 15,
        "attempts_allowed": 2,
        "pass_mark": "80",
        "grading_method": "highest",
        "open_at": "",
        "close_at": "",
        "shuffle_questions": "on",
        "shuffle_choices": "on",
        "layout": "one",
        "review": "full",
        "audience_posts": ["counter", "greeter"],
        "is_active": "on",
    }
    response = client.post("/admin/exams/quizzes/new/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    quiz = Quiz.objects.get(title="新业务测验")
    assert quiz.audience_posts == ["counter", "greeter"] and quiz.slots.get().count == 3
