"""Builders for the staff profile tests: one person's history in every app the profile shows."""

import datetime

from django.utils import timezone

from certification.models import Certificate, CertificateSource
from courses.models import LessonProgress, ModuleAssignment
from evidence.models import EventKind, TrainingEvent
from exams.models import Attempt, AttemptState, QuizAssignment
from records.models import Appraisal, AppraisalStatus, Rating
from tests.certification.utils import make_program
from tests.courses.conftest import lesson_body, make_lesson, make_module
from tests.exams.utils import make_quiz
from trainings.models import Attendance, AttendanceMethod, TrainingSession
from trainings.services import attendance_record, session_create


def attempt(assignment, number, score, at):
    return Attempt.objects.create(
        staff=assignment.staff,
        quiz=assignment.quiz,
        assignment=assignment,
        number=number,
        state=AttemptState.FINISHED,
        started_at=at - datetime.timedelta(minutes=20),
        finished_at=at,
        score=score,
    )


def appraisal(staff, trainer, *, signed: bool, end: datetime.date, rating=Rating.GOOD):
    return Appraisal.objects.create(
        staff=staff,
        trainer=trainer,
        period_start=end - datetime.timedelta(days=90),
        period_end=end,
        text="学习认真。",
        rating=rating,
        status=AppraisalStatus.SIGNED if signed else AppraisalStatus.DRAFT,
        signed_by=trainer if signed else None,
        signed_at=timezone.now() if signed else None,
    )


def give_history(org) -> dict:
    """Staff A1 attended one session, missed one, is invited to one to come; passed one quiz assignment
    (50 then 75, highest counts), failed one that is past due; read one of two lessons of a module; holds
    a valid and a revoked certificate; has a signed and a draft appraisal."""
    a1, trainer, now = org["staff_a1"], org["trainer"], timezone.now()
    hall = [org["hall_a"]]
    hour = datetime.timedelta(hours=1)
    attended = session_create(
        trainer=trainer, halls=hall, topic="投诉处理演练", starts_at=now - 72 * hour, ends_at=now - 71 * hour
    )
    attendance_record(session=attended, staff=a1, method=AttendanceMethod.SHEET, score=88)
    session_create(
        trainer=trainer, halls=hall, topic="仪容仪表复训", starts_at=now - 48 * hour, ends_at=now - 47 * hour
    )
    session_create(trainer=trainer, halls=hall, topic="新业务宣讲", starts_at=now + 24 * hour, ends_at=now + 25 * hour)

    quiz = make_quiz(title="服务礼仪测验", pass_mark=60, attempts_allowed=3, grading_method="highest")
    passed = QuizAssignment.objects.create(
        staff=a1, quiz=quiz, due_at=now + 240 * hour, period_key="weekly:P1", passed_at=now - 2 * hour
    )
    attempt(passed, 1, 50, now - 3 * hour)
    attempt(passed, 2, 75, now - 2 * hour)
    failed_quiz = make_quiz(title="反诈知识测验", pass_mark=80, attempts_allowed=2)
    failed = QuizAssignment.objects.create(staff=a1, quiz=failed_quiz, due_at=now - 24 * hour, period_key="weekly:P0")
    attempt(failed, 1, 40, now - 30 * hour)

    module = make_module(title="投诉处理", slug="complaint", code="TS-01")
    first = make_lesson(module, title="四个阶段", slug="stages")
    make_lesson(module, title="回访", slug="follow-up", body=lesson_body(with_check=False))
    ModuleAssignment.objects.create(staff=a1, module=module, source="manual", due_on=timezone.localdate())
    LessonProgress.objects.create(staff=a1, lesson=first, started_at=now - hour, completed_at=now - hour)

    today = timezone.localdate()
    program = make_program("SEC", name="安全保密上岗认证")
    Certificate.objects.create(
        number="SG-2026-000001",
        program=program,
        staff=a1,
        issued_on=today - datetime.timedelta(days=30),
        expires_on=today + datetime.timedelta(days=335),
        source=CertificateSource.IMPORTED,
    )
    Certificate.objects.create(
        number="SG-2024-000007",
        program=program,
        staff=a1,
        issued_on=today - datetime.timedelta(days=700),
        expires_on=today - datetime.timedelta(days=335),
        source=CertificateSource.IMPORTED,
        revoked_at=now - 400 * hour,
    )
    signed = appraisal(a1, trainer, signed=True, end=today - datetime.timedelta(days=10), rating=Rating.EXCELLENT)
    draft = appraisal(a1, trainer, signed=False, end=today)
    return {"quiz": quiz, "module": module, "program": program, "signed": signed, "draft": draft}


def pile_up(staff, trainer, n: int, *, modules: int = 0) -> None:
    """``n`` more of everything for ``staff``: sessions (attended and missed), events, assignments with two
    attempts each, certificates, appraisals and ``modules`` modules (bulk, as the query count is what is measured)."""
    now, hour = timezone.now(), datetime.timedelta(hours=1)
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(topic=f"场次{i}", starts_at=now - (i + 100) * hour, ends_at=now - (i + 99) * hour)
        for i in range(n)
    )
    TrainingSession.invitees.through.objects.bulk_create(
        TrainingSession.invitees.through(trainingsession_id=s.pk, staff_id=staff.pk) for s in sessions
    )
    Attendance.objects.bulk_create(
        Attendance(session=s, staff=staff, checked_in_at=s.starts_at, method=AttendanceMethod.SHEET)
        for s in sessions[::2]
    )
    TrainingEvent.objects.bulk_create(
        TrainingEvent(
            staff=staff, kind=EventKind.WEEKLY, occurred_at=s.starts_at, source="session", source_ref=f"session:{s.pk}"
        )
        for s in sessions
    )
    quiz = make_quiz(title="周测验", pass_mark=60)
    assignments = QuizAssignment.objects.bulk_create(
        QuizAssignment(staff=staff, quiz=quiz, due_at=now - i * hour, period_key=f"weekly:X{i}") for i in range(n)
    )
    Attempt.objects.bulk_create(
        Attempt(
            staff=staff,
            quiz=quiz,
            assignment=a,
            number=k,
            state=AttemptState.FINISHED,
            started_at=now,
            finished_at=now,
            score=50 + k,
        )
        for a in assignments
        for k in (1, 2)
    )
    program = make_program(f"P{n}", name=f"项目{n}")
    today = timezone.localdate()
    Certificate.objects.bulk_create(
        Certificate(
            number=f"SG-X-{n}-{i}",
            program=program,
            staff=staff,
            issued_on=today - datetime.timedelta(days=400 + i),
            expires_on=today - datetime.timedelta(days=40 + i),
            source=CertificateSource.IMPORTED,
        )
        for i in range(min(n, 20))
    )
    for i in range(n):
        appraisal(staff, trainer, signed=bool(i % 2), end=today - datetime.timedelta(days=i))
    for i in range(modules):
        module = make_module(title=f"课程{n}-{i}", slug=f"m{n}-{i}", code=f"M{n}-{i}")
        lesson = make_lesson(module, title="第一课", slug="one", body=lesson_body(with_check=False))
        ModuleAssignment.objects.create(staff=staff, module=module, source="manual")
        LessonProgress.objects.create(staff=staff, lesson=lesson, started_at=now, completed_at=now)
