"""Trainers preview a whole quiz in the admin: the staff draw and look, scored like an attempt, nothing stored."""

import re

import pytest
from django.urls import reverse

from evidence.models import TrainingEvent
from exams.attempts import attempt_save_answers, attempt_start, attempt_submit
from exams.models import Answer, Attempt
from exams.preview import quiz_preview_grade, quiz_preview_layout

from .utils import load_fixture_bank, make_quiz

SEED = 4242


@pytest.fixture
def bank(db):
    return load_fixture_bank()


def preview_url(quiz, seed=None):
    url = reverse("exams_admin:quiz_preview", args=[quiz.pk])
    return url if seed is None else f"{url}?seed={seed}"


def stored_rows():
    return Attempt.objects.count(), Answer.objects.count(), TrainingEvent.objects.count()


def shown_question_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-question="(\d+)"', html)]


def test_preview_draws_fixed_and_random_questions_like_an_attempt_and_a_reload_keeps_them(bank, org, client):
    quiz = make_quiz([bank["t-001"], bank["t-003"]], draw=("etiquette", 2), shuffle_questions=True)
    client.force_login(org["trainer"])
    fresh = client.get(preview_url(quiz))
    assert fresh.status_code == 302 and "?seed=" in fresh.url
    page = client.get(fresh.url).content.decode()
    ids = shown_question_ids(page)
    assert shown_question_ids(client.get(fresh.url).content.decode()) == ids
    assert len(ids) == 4 and {bank["t-001"].pk, bank["t-003"].pk} <= set(ids)
    assert bank["t-001"].text in page and 'id="attempt-form"' in page and 'data-preview="1"' in page
    assert "三声之内接起" not in page  # explanations only after submitting, as for staff
    seed = int(fresh.url.rsplit("=", 1)[1])
    assert ids == [slot["q"] for slot in quiz_preview_layout(quiz=quiz, seed=seed)]
    assert stored_rows() == (0, 0, 0)
    attempt = attempt_start(staff=org["staff_a1"], quiz=quiz, seed=seed)
    assert attempt.layout == quiz_preview_layout(quiz=quiz, seed=seed)


def _positions(quiz, bank):
    """Form fields answering t-001 right, t-002 half right, t-003 wrong and t-004 right (full-width digit)."""
    slots = {slot["q"]: slot for slot in quiz_preview_layout(quiz=quiz, seed=SEED)}
    right = bank["t-001"].choices.get(fraction=1).pk
    half = bank["t-002"].choices.get(text="您好").pk
    return {
        f"q{bank['t-001'].pk}": str(slots[bank["t-001"].pk]["c"].index(right)),
        f"q{bank['t-002'].pk}_present": "1",
        f"q{bank['t-002'].pk}": str(slots[bank["t-002"].pk]["c"].index(half)),
        f"q{bank['t-003'].pk}": "false",
        f"q{bank['t-004'].pk}": "２",
    }


def test_submitted_preview_is_scored_like_a_real_attempt_and_stores_nothing(bank, org, client):
    questions = [bank[k] for k in ("t-001", "t-002", "t-003", "t-004")]
    quiz = make_quiz(questions, shuffle_questions=True, shuffle_choices=True, pass_mark=60)
    client.force_login(org["trainer"])
    response = client.post(preview_url(quiz), {"seed": SEED} | _positions(quiz, bank))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>62.50</strong> / 100" in page and "通过" in page
    assert "三声之内接起" in page and "正确" in page  # explanation and the picked choice's feedback
    assert stored_rows() == (0, 0, 0)

    staff = org["staff_a1"]
    attempt = attempt_start(staff=staff, quiz=quiz, seed=SEED)
    answers = {
        bank["t-001"].pk: int(_positions(quiz, bank)[f"q{bank['t-001'].pk}"]),
        bank["t-002"].pk: [int(_positions(quiz, bank)[f"q{bank['t-002'].pk}"])],
        bank["t-003"].pk: False,
        bank["t-004"].pk: "２",
    }
    attempt_save_answers(attempt_id=attempt.pk, staff=staff, answers=answers)
    assert float(attempt_submit(attempt_id=attempt.pk, staff=staff).score) == 62.5


def test_preview_of_an_essay_waits_for_a_trainer_and_a_malformed_answer_counts_as_none(bank, org, client):
    quiz = make_quiz([bank["t-001"], bank["t-007"]])
    layout = quiz_preview_layout(quiz=quiz, seed=SEED)
    result = quiz_preview_grade(quiz=quiz, layout=layout, answers={bank["t-001"].pk: 7, bank["t-007"].pk: "首问负责"})
    assert result.malformed == [1] and result.needs_grading and float(result.score) == 0.0
    assert [r.score for r in result.review] == [0.0, None]
    client.force_login(org["trainer"])
    page = client.post(preview_url(quiz), {"seed": SEED, f"q{bank['t-001'].pk}": "7"}).content.decode()
    assert "答案格式不正确" in page and "<strong>0.00</strong>" in page
    assert stored_rows() == (0, 0, 0)


def test_preview_with_a_bad_seed_starts_a_fresh_draw(bank, org, client):
    quiz = make_quiz([bank["t-003"]])
    client.force_login(org["trainer"])
    for response in (client.get(preview_url(quiz, "abc")), client.post(preview_url(quiz), {"seed": "-1"})):
        assert response.status_code == 302 and re.search(r"\?seed=\d+$", response.url)
    assert stored_rows() == (0, 0, 0)


def test_preview_of_an_empty_quiz_says_so(org, client):
    quiz = make_quiz()
    client.force_login(org["trainer"])
    assert "该测验还没有题目" in client.get(preview_url(quiz, SEED)).content.decode()


def test_quiz_list_and_editor_link_to_the_preview(bank, org, client):
    quiz = make_quiz([bank["t-003"]])
    client.force_login(org["hr"])
    assert preview_url(quiz) in client.get("/admin/exams/quizzes/").content.decode()
    assert preview_url(quiz) in client.get(f"/admin/exams/quizzes/edit/{quiz.pk}/").content.decode()


@pytest.mark.parametrize("who", ["staff_a1", "manager_a"])
def test_people_who_may_not_author_cannot_preview_a_quiz(bank, org, client, who):
    """Staff have no admin (sent to its login); a hall manager is sent back to the admin's dashboard."""
    quiz = make_quiz([bank["t-003"]])
    client.force_login(org[who].user)
    for response in (client.get(preview_url(quiz, SEED)), client.post(preview_url(quiz), {"seed": SEED})):
        assert response.status_code == 302
        assert response.url.startswith("/admin/login/") if who == "staff_a1" else response.url == "/admin/"
    assert stored_rows() == (0, 0, 0)
