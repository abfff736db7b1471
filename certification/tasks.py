"""Celery tasks: thin wrappers that take ids and call one service; safe to run twice."""

from celery import shared_task
from django.db import OperationalError

from . import reminding, scheduling
from .services import certificate_check


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=5)
def certificate_check_task(self, staff_id: int, program_id: int) -> str | None:
    """Enqueued on commit when a requirement completes: issue the certificate earned, if any."""
    try:
        certificate = certificate_check(staff_id=staff_id, program_id=program_id)
    except OperationalError as exc:  # a lock timeout or a lost connection: try again shortly
        raise self.retry(exc=exc, countdown=10 * (self.request.retries + 1)) from exc
    return certificate.number if certificate else None


@shared_task(acks_late=True, reject_on_worker_lost=True)
def certification_sweep() -> int:
    """Beat, daily: queue a check for everyone who needs a program and may have met it (a safety net)."""
    candidates = scheduling.certificate_check_candidates()
    for staff_id, program_id in candidates:
        certificate_check_task.delay(staff_id, program_id)
    return len(candidates)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def certification_assign_tick() -> int:
    """Beat, daily: give the program's modules and exam to the people who need it; return how many were new."""
    return scheduling.certification_work_assign()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def certification_notices_tick() -> int:
    """Beat, daily: remind people of an expiry ahead and tell people and managers of a lapse; return how many."""
    return reminding.certification_notices_send()
