"""The shipped bank once loaded: essays are marked by a trainer in a certification exam, the 培训制度 quiz
is for the people who run trainings, and the security quiz draws no training-management question."""

import datetime
from io import StringIO

import pytest
from django.utils import timezone

from certification.curriculum import programs_load
from exams.attempts import AttemptError, attempt_save_answer, attempt_start, attempt_submit, essay_grade
from exams.curriculum import questions_load
from exams.models import Answer, Question, Quiz
from people.posts import Post
from tests.conftest import make_staff, make_user

NOW = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))


@pytest.fixture
def loaded(db):
    """The bank and the programs as load_curriculum loads them (the lesson pages are not needed here)."""
    questions_load(stdout=StringIO())
    programs_load(stdout=StringIO())


def test_the_security_certification_exam_draws_a_security_essay_that_a_trainer_marks(loaded):
    staff = make_staff()
    exam = Quiz.objects.get(source_key="cert:SEC")
    attempt = attempt_start(staff=staff, quiz=exam, now=NOW, seed=1)
    drawn = Question.objects.filter(pk__in=[slot["q"] for slot in attempt.layout])
    essay = drawn.get(type="essay")
    assert essay.category.path == "security" and {q.category.path for q in drawn} == {"security"}
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=essay.pk, raw="锁屏、上报……", now=NOW)
    attempt = attempt_submit(attempt_id=attempt.pk, staff=staff, now=NOW)
    assert attempt.needs_grading
    answer = Answer.objects.get(attempt=attempt, question=essay)
    essay_grade(answer_id=answer.pk, grader=make_user("trainer-bankfix"), fraction=1.0)
    attempt.refresh_from_db()
    assert not attempt.needs_grading and attempt.score > 0


def test_the_training_rules_quiz_is_offered_to_managers_and_trainers_only(loaded):
    quiz = Quiz.objects.get(source_key="module:training")
    assert quiz.module is None and quiz.title == "培训制度测验"
    with pytest.raises(AttemptError):
        attempt_start(staff=make_staff(post=Post.COUNTER), quiz=quiz, now=NOW)
    attempt = attempt_start(staff=make_staff(post=Post.HALL_MANAGER), quiz=quiz, now=NOW, seed=2)
    drawn = Question.objects.filter(pk__in=[slot["q"] for slot in attempt.layout])
    assert drawn.count() == 10 and {q.category.path for q in drawn} == {"training"}


def test_the_security_quiz_cannot_draw_a_training_management_question(loaded):
    quiz = Quiz.objects.get(source_key="module:security")
    assert {slot.category.path for slot in quiz.slots.all()} == {"security"}
    security = Question.objects.filter(category__path="security", retired=False)
    assert not security.filter(source_key__in=["aq-019", "aq-020", "aq-021", "aq-105", "aq-204", "aq-302"]).exists()
    assert not security.filter(tags__name="培训制度").exists()
