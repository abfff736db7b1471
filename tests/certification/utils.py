"""Certification builders: a program, a passed exam assignment, a completed module (as evidence)."""

import datetime
from zoneinfo import ZoneInfo

from certification.models import Program
from evidence.models import EventKind, EventSource
from evidence.services import training_event_record
from exams.models import Quiz, QuizAssignment

TZ = ZoneInfo("Asia/Shanghai")


def local(y, m, d, hour=10) -> datetime.datetime:
    return datetime.datetime(y, m, d, hour, tzinfo=TZ)


def make_exam(title="安全保密认证考试") -> Quiz:
    return Quiz.objects.create(title=title, pass_mark=80, attempts_allowed=3)


def make_program(code="SEC", *, exam=None, modules=(), **kwargs) -> Program:
    program = Program.objects.create(code=code, name=kwargs.pop("name", f"{code} 上岗认证"), exam=exam, **kwargs)
    program.modules.set(modules)
    return program


def pass_exam(staff, quiz, at: datetime.datetime, *, key=None) -> QuizAssignment:
    """A passed assignment, as grading leaves it (``passed_at``) and its evidence event."""
    assignment = QuizAssignment.objects.create(
        staff=staff,
        quiz=quiz,
        due_at=at + datetime.timedelta(days=30),
        period_key=key or f"t:{at:%Y%m%d%H}",
        passed_at=at,
    )
    training_event_record(
        staff_id=staff.pk,
        kind=EventKind.OTHER,
        occurred_at=at,
        source=EventSource.QUIZ,
        source_ref=assignment.source_ref,
        score=90,
    )
    return assignment


def complete_module(staff, module, at: datetime.datetime):
    """The evidence courses records when the module's last lesson is complete."""
    return training_event_record(
        staff_id=staff.pk,
        kind=EventKind.OTHER,
        occurred_at=at,
        source=EventSource.MODULE,
        source_ref=f"module:{module.pk}",
        topic=module.title,
    )
