"""Reads for records: what a user may download, and who belongs in a bulk export."""

import datetime

from django.db.models import QuerySet

from people import roles
from people.models import Staff
from people.selectors import staff_of_user, staff_visible_to
from trainings.models import TrainingSession
from trainings.selectors import sessions_visible_to

from .models import Appraisal, AppraisalStatus, VerifiedDocument


def staff_employed_between(*, start: datetime.date, end: datetime.date) -> QuerySet[Staff]:
    """Return staff employed on at least one day of ``start``..``end``."""
    return Staff.objects.employed_between(start, end)


def appraisals_visible_to(user) -> QuerySet[Appraisal]:
    """Appraisals of the people ``user`` may see; a trainee sees their own only once it is signed."""
    qs = Appraisal.objects.filter(staff__in=staff_visible_to(user)).select_related("staff", "staff__hall")
    if not roles.roles_of(user) & {roles.HR, roles.TRAINER}:
        qs = qs.exclude(staff__user=user, status=AppraisalStatus.DRAFT)
    return qs


def appraisals_to_sign(user) -> QuerySet[Appraisal]:
    """Drafts awaiting ``user``'s signature: a hall manager's hall's (``services.appraisal_can_sign``)."""
    me = staff_of_user(user)
    if me is None or not roles.has_role(user, roles.HALL_MANAGER):
        return Appraisal.objects.none()
    return (
        appraisals_visible_to(user)
        .filter(status=AppraisalStatus.DRAFT, staff__hall_id=me.hall_id)
        .select_related("trainer")
        .order_by("created_at", "pk")
    )


def sessions_recordable_by(user) -> QuerySet[TrainingSession]:
    """Sessions whose record form ``user`` may download: the sessions list's scope
    (``trainings.selectors.sessions_visible_to``); everyone else none (a 404 in the view)."""
    return sessions_visible_to(user)


def document_by_code(code: str) -> VerifiedDocument | None:
    return VerifiedDocument.objects.filter(code=code).exclude(sha256="").first()
