"""The daily certification ticks on the real beat schedule: work is given to newcomers and to people in the
renewal window, and the night's sweep issues a certificate whose on-commit check was lost."""

import datetime

import pytest

from certification.models import Certificate
from exams.models import QuizAssignment
from notices.models import Notification
from tests.beat import Beat, local
from tests.conftest import make_staff

from .utils import make_exam, make_program

pytestmark = pytest.mark.django_db
SWEEP = "certification.tasks.certification_sweep"
ASSIGN = "certification.tasks.certification_assign_tick"
D = datetime.date


def test_the_ticks_assign_the_exam_issue_through_the_sweep_and_assign_the_renewal_in_the_window():
    staff = make_staff(hired_on=D(2027, 3, 1))
    program = make_program("SEC", exam=make_exam())
    with Beat(local(2027, 3, 1)) as beat:
        fired = beat.tick(local(2027, 3, 1, 7, 35))
        assert SWEEP in fired and ASSIGN in fired
        first = QuizAssignment.objects.get(staff=staff, quiz=program.exam)
        assert first.period_key == f"cert{program.pk}:20270331"  # the grace end, 30 days after the hire day
        assert first.due_at.astimezone(datetime.timezone(datetime.timedelta(hours=8))).date() == D(2027, 3, 31)
        assert Notification.objects.filter(user=staff.user, key=f"quiz-assigned:{first.pk}").exists()
        beat.tick(local(2027, 3, 2, 7, 35))
        assert QuizAssignment.objects.filter(staff=staff).count() == 1  # the next day: nothing twice
        # Passed on 3 March, but the check queued on commit was lost (no evidence event, no task).
        beat.tick(local(2027, 3, 3, 2, 35))
        beat.move_to(local(2027, 3, 3, 10))
        QuizAssignment.objects.filter(pk=first.pk).update(passed_at=local(2027, 3, 3, 10))
        assert SWEEP not in beat.tick(local(2027, 3, 3, 23))
        assert not Certificate.objects.exists()
        assert SWEEP in beat.tick(local(2027, 3, 4, 2, 35))
        certificate = Certificate.objects.get(staff=staff)
        assert (certificate.issued_on, certificate.expires_on) == (D(2027, 3, 3), D(2029, 3, 3))
        beat.tick(local(2029, 1, 1, 7, 35))  # 61 days before the expiry: no renewal work yet
        assert QuizAssignment.objects.filter(staff=staff).count() == 1
        beat.tick(local(2029, 1, 2, 7, 35))  # the window's first day
        renewal = QuizAssignment.objects.filter(staff=staff).exclude(pk=first.pk).get()
        assert renewal.period_key == f"cert{program.pk}:20290303"
