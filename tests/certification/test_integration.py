"""The issue path on a real Celery worker (Redis, PostgreSQL), and concurrent checks issuing one certificate."""

import os
import time

import pytest

from certification.models import Certificate, CertificateSource
from certification.services import certificate_check
from exams.attempts import attempt_save_answer, attempt_start, attempt_submit
from tests.conftest import make_staff
from tests.exams.test_concurrency import race
from tests.exams.utils import load_fixture_bank, make_assignment, make_quiz

from .utils import make_program

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres")
        or not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL)",
    ),
]


def wait_for(fn, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.2)
    return fn()


def test_passing_the_exam_issues_the_certificate_on_a_worker_after_commit(celery_worker_process):
    bank = load_fixture_bank()
    staff = make_staff()
    quiz = make_quiz([bank["t-003"]], pass_mark=80)
    program = make_program("SEC", exam=quiz)
    assignment = make_assignment(staff, quiz, kind="manual")
    attempt = attempt_start(staff=staff, quiz=quiz, assignment=assignment)
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=True)
    attempt_submit(attempt_id=attempt.pk, staff=staff)  # grading records the evidence; its commit queues the check
    certificate = wait_for(lambda: Certificate.objects.filter(staff=staff, program=program).first())
    assert certificate is not None, "the worker issued no certificate (see var/worker-w1.log)"
    assert certificate.source == CertificateSource.EARNED
    assert certificate.evidence["exam"]["assignment"] == assignment.pk
    time.sleep(1)
    assert Certificate.objects.filter(staff=staff, program=program).count() == 1


def test_simultaneous_checks_issue_one_certificate(transactional_db):
    staff, quiz = make_staff(), make_quiz([])
    program = make_program("SEC", exam=quiz)
    assignment = make_assignment(staff, quiz, kind="manual")
    assignment.passed_at = assignment.created_at
    assignment.save(update_fields=["passed_at"])
    results, errors = race(lambda: certificate_check(staff_id=staff.pk, program_id=program.pk))
    assert errors == []
    assert len([c for c in results if c is not None]) == 1
    assert Certificate.objects.filter(staff=staff, program=program).count() == 1
