"""Reads of certification: statuses for many people in a fixed number of queries, and one person's progress.

``certification_statuses`` loads programs, people, their post history and their certificates with one
``values_list`` each and hands plain tuples to ``status.status_on``; the count of queries does not grow
with the number of people or programs.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from evidence.models import EventSource, TrainingEvent
from exams.models import QuizAssignment
from people.models import Staff, StaffChange

from . import status
from .models import Certificate, PracticalAssessment, Program
from .status import ProgramStatus

MODULE_REF = "module:{}"
"""The ``source_ref`` courses gives a completed module's training event (``courses.progress``)."""


def local_day(as_of: datetime.date | datetime.datetime) -> datetime.date:
    """Return the local day of ``as_of`` (a date is taken as it is)."""
    if isinstance(as_of, datetime.datetime):
        return timezone.localdate(as_of)
    return as_of


def programs_active(programs: Iterable[Program] | QuerySet[Program] | None = None) -> list[Program]:
    """Return ``programs`` as a list, by default the active ones by code (one query)."""
    if programs is None:
        return list(Program.objects.filter(active=True).order_by("code"))
    return list(programs)


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while a report builds hundreds of thousands of small tuples."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def people_load(staff: QuerySet[Staff], *, extra: tuple[str, ...] = ()) -> dict[int, status.Person]:
    """Return ``{staff id: status.Person}`` with the post history, in two queries; with ``extra`` columns
    (e.g. ``staff_no``) return ``{staff id: (Person, *extra values)}`` from the same staff query."""
    scope = staff.order_by().values("pk")
    history = defaultdict(list)
    for sid, effective_on, post in (
        StaffChange.objects.filter(staff__in=scope).order_by().values_list("staff_id", "effective_on", "post")
    ):
        history[sid].append((effective_on, post))
    people = {}
    Person = status.Person
    for pk, hired_on, left_on, post, *more in staff.order_by().values_list("pk", "hired_on", "left_on", "post", *extra):
        rows = history.get(pk)
        person = Person(hired_on, left_on, tuple(sorted(rows)) if rows else ((hired_on, post),))
        people[pk] = (person, *more) if extra else person
    return people


def certificates_load(staff: QuerySet[Staff], program_ids: list[int]) -> dict[tuple[int, int], list[status.Held]]:
    """Return ``{(staff id, program id): [Held]}`` of every certificate, revoked ones marked (one query)."""
    held = defaultdict(list)
    rows = (
        Certificate.objects.filter(staff__in=staff.order_by().values("pk"), program_id__in=program_ids)
        .order_by()
        .values_list("staff_id", "program_id", "number", "issued_on", "expires_on", "revoked_at")
    )
    for sid, pid, number, issued_on, expires_on, revoked_at in rows:
        held[(sid, pid)].append(status.Held(number, issued_on, expires_on, revoked_at is not None))
    return held


def certification_statuses(
    *,
    staff: QuerySet[Staff],
    as_of: datetime.date | datetime.datetime,
    programs: Iterable[Program] | None = None,
) -> dict[int, list[ProgramStatus]]:
    """Return ``{staff id: [ProgramStatus per program, by code]}`` on the local day of ``as_of``.

    Four queries (programs, people, post history, certificates) whatever the number of people; three
    when ``programs`` is given as a list. Programs default to the active ones.
    """
    day = local_day(as_of)
    programs = sorted(programs_active(programs), key=lambda p: p.code)
    with gc_paused():
        people = people_load(staff)
        held = certificates_load(staff, [p.pk for p in programs])
        return statuses_of(people, held, programs, day)


def statuses_of(
    people: dict[int, status.Person],
    held: dict[tuple[int, int], list[status.Held]],
    programs: list[Program],
    day: datetime.date,
) -> dict[int, list[ProgramStatus]]:
    """Return ``{staff id: [ProgramStatus per program]}`` from loaded people and certificates (no query)."""
    terms, ids = [p.terms() for p in programs], [p.pk for p in programs]
    statuses_on, get, none = status.statuses_on, held.get, ()
    return {pk: statuses_on(terms, person, [get((pk, pid), none) for pid in ids], day) for pk, person in people.items()}


def requirements_of(program: Program) -> status.Requirements:
    """Return what earning ``program`` takes (one query for its modules)."""
    return status.Requirements(
        modules=frozenset(program.modules.values_list("pk", flat=True)),
        exam=program.exam_id is not None,
        practical=program.practical_required,
        changed_on=program.requirements_changed_on,
    )


def facts_load(
    *, staff_id: int, program: Program, modules: frozenset[int], until: datetime.date | None = None
) -> status.Facts:
    """Return what the person met for ``program`` by the day ``until`` (default: any day): module
    completions (evidence ``module:<id>`` events), passed assignments of its exam (dated by ``passed_at``)
    and passed practical assessments. Three queries."""
    refs = {MODULE_REF.format(pk): pk for pk in modules}
    done = {}
    for event_id, ref, at in TrainingEvent.objects.filter(
        staff_id=staff_id, source=EventSource.MODULE, source_ref__in=list(refs)
    ).values_list("pk", "source_ref", "occurred_at"):
        done[refs[ref]] = status.Met(timezone.localdate(at), {"event": event_id, "at": at.isoformat()})
    exams = ()
    if program.exam_id is not None:
        exams = tuple(
            status.Met(timezone.localdate(at), {"assignment": pk, "at": at.isoformat()})
            for pk, at in QuizAssignment.objects.filter(
                staff_id=staff_id, quiz_id=program.exam_id, passed_at__isnull=False
            ).values_list("pk", "passed_at")
        )
    practicals = tuple(
        status.Met(day, {"assessment": pk, "on": day.isoformat()})
        for pk, day in PracticalAssessment.objects.filter(staff_id=staff_id, program=program, passed=True).values_list(
            "pk", "assessed_on"
        )
    )
    if until is not None:
        done = {m: met for m, met in done.items() if met.day <= until}
        exams = tuple(met for met in exams if met.day <= until)
        practicals = tuple(met for met in practicals if met.day <= until)
    return status.Facts(done, exams, practicals)


@dataclass(frozen=True)
class Progress:
    """One person's status for one program and what is left to earn or renew it."""

    status: ProgramStatus
    left: status.Left
    current: status.Held | None
    requirements: status.Requirements


def requirements_progress(*, staff: Staff, program: Program, as_of: datetime.date | datetime.datetime) -> Progress:
    """Return the person's status for ``program`` on the local day of ``as_of`` and what is left to do.

    The deciding certificate (if any) makes it a renewal: see ``status.requirements_left``.
    """
    day = local_day(as_of)
    person = people_load(Staff.objects.filter(pk=staff.pk))[staff.pk]
    certificates = [c.held() for c in Certificate.objects.filter(staff=staff, program=program)]
    current = status.deciding(certificates, day)
    revoked = max((c.issued_on for c in certificates if c.revoked), default=None)
    requirements = requirements_of(program)
    facts = facts_load(staff_id=staff.pk, program=program, modules=requirements.modules, until=day)
    left = status.requirements_left(program.terms(), requirements, facts, current=current, revoked_issued_on=revoked)
    return Progress(status.status_on(program.terms(), person, certificates, day), left, current, requirements)
