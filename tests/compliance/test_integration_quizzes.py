"""The quiz ticks on real Celery workers (Redis, PostgreSQL): fired twice at once, assigned and sent once."""

import datetime

import pytest
from celery.result import AsyncResult

from compliance import periods
from exams.models import Quiz, QuizAssignment
from lms.celery import app
from notices.models import Notification
from people.models import Staff
from tests.worker import Worker

pytestmark = pytest.mark.integration
MONDAY_8 = datetime.datetime(2026, 11, 23, 8, tzinfo=periods.TZ)
DUE = periods.week_due(MONDAY_8.date())


def test_two_workers_firing_the_weekly_tick_at_once_assign_and_remind_once(org, result_backend, celery_worker_process):
    for key in periods.QUIZ_MODULES:
        Quiz.objects.create(title=key, source_key=f"module:{key}", pass_mark=80)
    for s in Staff.objects.select_related("user"):
        s.user.email = f"{s.staff_no}@example.com"
        s.user.save()
    second = Worker(name="w2").start()  # a second scheduler's worker, by mistake
    try:

        def fire(task, at):
            sent = app.send_task(f"compliance.tasks.{task}", kwargs={"at": at.isoformat()})
            return AsyncResult(sent.id, backend=result_backend, app=app)

        weekly = [fire("weekly_quizzes_tick", MONDAY_8) for _ in range(2)]
        assert sorted(r.get(timeout=120) for r in weekly) == [0, 5]  # both ran; only one inserted
        assert QuizAssignment.objects.count() == 5
        assert QuizAssignment.objects.values("staff").distinct().count() == 5
        reminders = [fire("quiz_reminders_tick", DUE - datetime.timedelta(hours=1)) for _ in range(2)]
        assert sum(r.get(timeout=120) for r in reminders) == 5  # e-mails go only for rows really inserted
        assert Notification.objects.filter(key__startswith="quiz-remind-2:").count() == 5
    finally:
        second.stop()
