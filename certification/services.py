"""Writes of certification: issue (earn or renew), revoke, reissue, record a practical assessment.

``certificate_check`` is the one way a certificate is earned: it locks the person's row, so two checks
of one person (a module and an exam finishing at once, a task retried, the nightly sweep) run one after
the other and the second finds the certificate the first issued.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evidence.models import EventSource
from evidence.services import ImportResult
from i18n.messages import Message
from people.imports import RowError
from people.models import Staff

from . import status
from .imports import CertificateRow, ProgramRow
from .models import Certificate, CertificateSource, PracticalAssessment, Program
from .selectors import requirements_progress

NUMBER_FORMAT = "SG-{year}-{pk:06d}"


class CertificationError(Exception):
    """Bad input for a certification write; the message is for people."""


def _number_assign(certificate: Certificate) -> Certificate:
    """Give a certificate created with a placeholder its number ``SG-<issue year>-<id>``."""
    certificate.number = NUMBER_FORMAT.format(year=certificate.issued_on.year, pk=certificate.pk)
    Certificate.objects.filter(pk=certificate.pk).update(number=certificate.number)
    return certificate


def _placeholder() -> str:
    return f"new-{uuid.uuid4().hex}"


def _evidence(left: status.Left, current: status.Held | None) -> dict:
    used = left.used or {}
    return {
        "earned_on": left.earned_on.isoformat(),
        "modules": [{"module": pk, **(met.ref or {})} for pk, met in sorted(used.get("modules", {}).items())],
        "exam": used["exam"].ref if used.get("exam") else None,
        "practical": used["practical"].ref if used.get("practical") else None,
        "renews": current.number if current else None,
    }


def certificate_check(*, staff_id: int, program_id: int, today: datetime.date | None = None) -> Certificate | None:
    """Issue the certificate the person has earned for the program, if any; return it (else None).

    Only for a program that is active and required for the person's post today: a first certificate
    once every requirement is met, a renewal once the exam (and practical) were passed again from the
    renewal window on (modules only if they changed). The expiry follows ``status.expiry_for``; evidence
    so old that the certificate would already have expired issues nothing. Safe to call twice or
    concurrently: at most one certificate is issued.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        staff = Staff.objects.select_for_update().filter(pk=staff_id).first()
        program = Program.objects.filter(pk=program_id, active=True).first()
        if staff is None or program is None:
            return None
        progress = requirements_progress(staff=staff, program=program, as_of=today)
        if progress.status.status == status.NOT_REQUIRED or not progress.left.done:
            return None
        current, left = progress.current, progress.left
        expires_on = status.expiry_for(program.terms(), earned_on=left.earned_on, current=current)
        if expires_on < today:  # evidence so old that its certificate would have expired already
            return None
        certificate = Certificate.objects.create(
            number=_placeholder(),
            program=program,
            staff=staff,
            issued_on=left.earned_on,
            expires_on=expires_on,
            source=CertificateSource.RENEWED if current else CertificateSource.EARNED,
            evidence=_evidence(left, current),
            replaces=Certificate.objects.filter(number=current.number).first() if current else None,
        )
        return _number_assign(certificate)


def certificate_revoke(*, certificate_id: int, by, reason: str, at: datetime.datetime | None = None) -> Certificate:
    """Revoke a certificate with a reason (it then counts as never issued); revoking twice changes nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificationError(_("请填写吊销原因。"))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.revoked_at is None:
            certificate.revoked_at, certificate.revoked_by, certificate.revoke_reason = at or timezone.now(), by, reason
            certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return certificate


def certificate_reissue(*, certificate_id: int, by, reason: str = "") -> Certificate:
    """Issue a new certificate with the same program, person and dates (a lost card, a wrongful revocation).

    The old one, if still valid, is revoked (its number no longer verifies); the new one names it.
    """
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate_id)
        if old.revoked_at is None:
            certificate_revoke(certificate_id=old.pk, by=by, reason=reason or _("已补发新证"))
        new = Certificate.objects.create(
            number=_placeholder(),
            program_id=old.program_id,
            staff_id=old.staff_id,
            issued_on=old.issued_on,
            expires_on=old.expires_on,
            source=CertificateSource.REISSUED,
            evidence={**old.evidence, "reissued_by": getattr(by, "pk", None)},
            replaces=old,
        )
        return _number_assign(new)


def practical_assessment_record(
    *, program: Program, staff: Staff, assessed_on: datetime.date, passed: bool, note: str = "", assessor=None
) -> PracticalAssessment:
    """Record a trainer's practical assessment; a pass queues a certificate check after commit."""
    if assessed_on > timezone.localdate():
        raise CertificationError(_("考核日期不能晚于今天。"))
    with transaction.atomic():
        assessment = PracticalAssessment.objects.create(
            program=program, staff=staff, assessed_on=assessed_on, passed=passed, note=note, assessor=assessor
        )
        if passed:
            certificate_check_queue(staff_id=staff.pk, program_ids=[program.pk])
    return assessment


def certificate_check_queue(*, staff_id: int, program_ids: list[int]) -> None:
    """Queue a certificate check per program once the current transaction commits."""
    from .tasks import certificate_check_task

    for program_id in program_ids:
        transaction.on_commit(lambda pid=program_id: certificate_check_task.delay(staff_id, pid))


def evidence_recorded(*, staff_id: int, source: str, source_ref: str) -> None:
    """React to new training evidence (the ``peixun_evidence_recorded`` hook): queue a check for each
    active program whose module or exam it completes."""
    kind, _sep, ref = source_ref.partition(":")
    if not ref.isdigit():
        return
    if source == EventSource.MODULE and kind == "module":
        programs = Program.objects.filter(active=True, modules__pk=int(ref))
    elif source == EventSource.QUIZ and kind == "assignment":
        programs = Program.objects.filter(active=True, exam__assignments__pk=int(ref))
    else:
        return
    certificate_check_queue(staff_id=staff_id, program_ids=list(programs.values_list("pk", flat=True).distinct()))


@transaction.atomic
def programs_import(*, rows: list[ProgramRow]) -> ImportResult:
    """Create or update programs by code (name, posts, day counts); requirements stay as they are."""
    result = ImportResult()
    existing = {p.code: p for p in Program.objects.filter(code__in=[r.code for r in rows])}
    for row in rows:
        values = {
            "name": row.name,
            "posts": list(row.posts),
            "validity_months": row.validity_months,
            "window_days": row.window_days,
            "grace_days": row.grace_days,
        }
        program = existing.get(row.code)
        if program is None:
            Program.objects.create(code=row.code, **values)
            result.created += 1
        elif all(getattr(program, k) == v for k, v in values.items()):
            result.unchanged += 1
        else:
            Program.objects.filter(pk=program.pk).update(**values)
            result.updated += 1
    return result


@transaction.atomic
def certificates_import(*, rows: list[CertificateRow]) -> ImportResult:
    """Record certificates earned before Peixun; all or nothing.

    Row errors: unknown person or program, a number already used. A row that repeats an imported
    certificate (same person, program, issue and expiry days, same or no number) is unchanged.
    """
    result = ImportResult()
    staff = dict(Staff.objects.filter(staff_no__in={r.staff_no for r in rows}).values_list("staff_no", "pk"))
    programs = dict(Program.objects.filter(code__in={r.program for r in rows}).values_list("code", "pk"))
    used = dict(Certificate.objects.filter(number__in={r.number for r in rows if r.number}).values_list("number", "pk"))
    imported = {
        (c.staff_id, c.program_id, c.issued_on): c
        for c in Certificate.objects.filter(
            source=CertificateSource.IMPORTED, revoked_at__isnull=True, staff_id__in=list(staff.values())
        )
    }
    new = []
    for row in rows:
        problems = []
        if row.staff_no not in staff:
            problems.append(Message(gettext_lazy("未知员工 %(staff_no)s"), staff_no=row.staff_no))
        if row.program not in programs:
            problems.append(Message(gettext_lazy("未知认证项目 %(program)s"), program=row.program))
        same = imported.get((staff.get(row.staff_no), programs.get(row.program), row.issued_on))
        if same is not None and same.expires_on == row.expires_on and row.number in ("", same.number):
            result.unchanged += 1
            continue
        if same is not None:
            problems.append(
                Message(gettext_lazy("该员工此项目同一发证日期的证书已导入（%(number)s）"), number=same.number)
            )
        if row.number in used:
            problems.append(Message(gettext_lazy("证书编号 %(number)s 已存在"), number=row.number))
        if problems:
            result.errors.append(RowError(row.line, tuple(problems)))
            continue
        new.append(row)
    if result.errors:
        return result
    for row in new:
        certificate = Certificate.objects.create(
            number=row.number or _placeholder(),
            program_id=programs[row.program],
            staff_id=staff[row.staff_no],
            issued_on=row.issued_on,
            expires_on=row.expires_on,
            source=CertificateSource.IMPORTED,
            evidence={"imported": True},
        )
        if not row.number:
            _number_assign(certificate)
        result.created += 1
    return result
