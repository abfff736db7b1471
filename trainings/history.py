"""A person's training sessions for their profile: each invited or attended session with how it went.

``session_state`` is the pure rule; ``session_history`` reads the newest sessions and the totals in two
queries, whatever the number of sessions.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, FilteredRelation, Q

from people.profile import rows_shown

from .models import Attendance, TrainingSession

ATTENDED, ABSENT, UPCOMING = "attended", "absent", "upcoming"


def session_state(*, attended: bool, ends_at: datetime.datetime, now: datetime.datetime) -> str:
    """出席 if signed in; otherwise 待参加 until the session ends, then 缺席."""
    if attended:
        return ATTENDED
    return UPCOMING if now <= ends_at else ABSENT


@dataclass
class SessionHistory:
    rows: list
    more: bool
    attended: int
    absent: int


def session_history(*, staff, now: datetime.datetime) -> SessionHistory:
    """The sessions ``staff`` was invited to or signed in at, newest first, with their own sign-in."""
    signed = Attendance.objects.filter(staff=staff).values("session_id")
    invited = TrainingSession.invitees.through.objects.filter(staff=staff).values("trainingsession_id")
    sessions = TrainingSession.objects.filter(Q(pk__in=signed) | Q(pk__in=invited))
    rows, more = rows_shown(
        sessions.annotate(mine=FilteredRelation("attendances", condition=Q(attendances__staff=staff)))
        .annotate(my_checked_in_at=F("mine__checked_in_at"), my_method=F("mine__method"), my_score=F("mine__score"))
        .select_related("launch")
        .order_by("-starts_at", "-pk")
    )
    for row in rows:
        row.state = session_state(attended=row.my_checked_in_at is not None, ends_at=row.ends_at, now=now)
        row.my_method_label = Attendance(method=row.my_method).get_method_display() if row.my_method else ""
    totals = sessions.aggregate(
        attended=Count("pk", filter=Q(pk__in=signed)),
        absent=Count("pk", filter=~Q(pk__in=signed) & Q(ends_at__lt=now)),
    )
    return SessionHistory(rows=rows, more=more, **totals)
