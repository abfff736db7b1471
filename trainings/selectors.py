"""Reads of training sessions: which sessions a user may see, and the organisers' list with its counts.

One scope rule for every organiser page of sessions (the list, the sheet, the admin's list and the
record form): HR every session; a trainer or hall manager the sessions they train or held for a hall
they may see (``people.selectors.halls_visible_to``); anyone else none.
"""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from people import roles
from people.models import Hall
from people.selectors import halls_visible_to

from .models import Attendance, TrainingSession


def sessions_visible_to(user) -> QuerySet[TrainingSession]:
    """Return the sessions ``user`` may see as an organiser (see the module docstring)."""
    if not roles.is_organiser(user):
        return TrainingSession.objects.none()
    if roles.has_role(user, roles.HR):
        return TrainingSession.objects.all()
    mine = TrainingSession.objects.filter(Q(trainer=user) | Q(halls__in=halls_visible_to(user)))
    return TrainingSession.objects.filter(pk__in=mine.values("pk"))


def _count(model, field: str):
    """A correlated ``COUNT`` per session (two counted joins in one ``GROUP BY`` would multiply)."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n"), output_field=IntegerField()), 0)


def session_list(*, sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    """Return ``sessions`` newest first with what the list shows: the trainer, the halls (one query per
    page), ``n_present`` (到) and ``n_invited`` (应到), whatever the number of sessions."""
    invitees = TrainingSession.invitees.through
    return (
        sessions.select_related("trainer")
        .prefetch_related(Prefetch("halls", queryset=Hall.objects.order_by("code")))
        .annotate(n_present=_count(Attendance, "session"), n_invited=_count(invitees, "trainingsession"))
        .order_by("-starts_at", "-pk")
    )
