"""Nobody sees a quiz's key while their own attempt or assignment of it is open (issue 14, item 2).

A hall manager who also trains (and so authors the bank) takes the quiz; every admin page that shows its
correct answers refuses them with a message until the work is settled, and shows it again afterwards.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from exams.attempts import attempt_start
from exams.models import AttemptState, QuestionCategory
from exams.selectors import may_see_key, questions_key_hidden_from
from people import roles

from .utils import load_fixture_bank, make_assignment, make_quiz

DUE = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def bank(db):
    return load_fixture_bank()


@pytest.fixture
def quiz(bank):
    return make_quiz([bank["t-001"]], draw=("etiquette", 1))


@pytest.fixture
def taker(org):
    """Hall A's manager, who also trains: may author, preview and see statistics."""
    user = org["manager_a"].user
    user.groups.add(Group.objects.get(name=roles.TRAINER))
    return user


def key_urls(quiz, bank):
    return {
        "stats": reverse("exams_admin:stats", args=[quiz.pk]),
        "quiz preview": reverse("exams_admin:quiz_preview", args=[quiz.pk]) + "?seed=7",
        "quiz edit": reverse("exam_quizzes:edit", args=[quiz.pk]),
        "quiz copy": reverse("exam_quizzes:copy", args=[quiz.pk]),
        "fixed question preview": reverse("exams_admin:preview", args=[bank["t-001"].pk]),
        "fixed question edit": reverse("exam_questions:edit", args=[bank["t-001"].pk]),
        "fixed question copy": reverse("exam_questions:copy", args=[bank["t-001"].pk]),
        "drawn question edit": reverse("exam_questions:edit", args=[bank["t-003"].pk]),
        "bank export": reverse("exams_admin:export") + "?format=gift",
        "category export": reverse("exams_admin:export") + "?format=xlsx&category=etiquette",
    }


def assert_refused(client, urls):
    for name, url in urls.items():
        response = client.get(url, follow=True)
        assert response.redirect_chain and response.status_code == 200, name
        page = response.content.decode()
        assert "不能查看它的答案" in page and "✓" not in page, name


def assert_shown(client, urls):
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)


def test_an_open_practice_attempt_hides_the_key_until_it_is_finished(quiz, bank, taker, client):
    client.force_login(taker)
    assert_shown(client, key_urls(quiz, bank))
    attempt = attempt_start(staff=taker.staff, quiz=quiz)
    assert not may_see_key(taker, quiz, now=attempt.started_at)
    assert_refused(client, key_urls(quiz, bank))
    attempt.state = AttemptState.HANDED_IN
    attempt.save()
    assert_refused(client, {"stats": key_urls(quiz, bank)["stats"]})
    attempt.state, attempt.score = AttemptState.FINISHED, 80
    attempt.save()
    assert_shown(client, key_urls(quiz, bank))


def test_an_assignment_still_to_do_hides_the_key_until_it_is_due(quiz, bank, taker, client):
    make_assignment(taker.staff, quiz, due_at=DUE)
    with time_machine.travel(DUE - datetime.timedelta(seconds=1), tick=False):
        client.force_login(taker)
        assert_refused(client, key_urls(quiz, bank))
    with time_machine.travel(DUE, tick=False):
        assert_shown(client, key_urls(quiz, bank))


def test_a_passed_assignment_shows_the_key(quiz, bank, taker, client):
    assignment = make_assignment(taker.staff, quiz, due_at=DUE)
    assignment.passed_at = DUE - datetime.timedelta(days=1)
    assignment.save()
    with time_machine.travel(DUE - datetime.timedelta(hours=1), tick=False):
        client.force_login(taker)
        assert_shown(client, key_urls(quiz, bank))


def test_the_key_stays_visible_to_others_and_for_other_quizzes(quiz, bank, taker, org, client):
    attempt_start(staff=taker.staff, quiz=quiz)
    other = make_quiz([bank["t-005"]], title="其他测验")
    client.force_login(org["trainer"])
    assert_shown(client, key_urls(quiz, bank))
    client.force_login(taker)
    assert_shown(client, {"other stats": reverse("exams_admin:stats", args=[other.pk])})


def test_hidden_questions_are_the_fixed_ones_and_every_one_the_quiz_may_draw(quiz, bank, taker):
    attempt = attempt_start(staff=taker.staff, quiz=quiz)
    hidden = set(questions_key_hidden_from(taker, now=attempt.started_at))
    drawable = set(QuestionCategory.objects.get(path="etiquette").questions.all())
    assert hidden == drawable | {bank["t-001"]}
