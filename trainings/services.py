"""Writes of training sessions: create and invite, attendance (sheet, check-in code), the record import.

Every attendance writes its training evidence (``evidence.services``); invitations are notices.
"""

import datetime
import hashlib
import secrets
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evidence.models import EventSource, Launch, TrainingEvent
from evidence.services import ImportResult, training_event_record, training_event_withdraw
from i18n.messages import Message
from lms.uploads import BATCH, in_batches
from notices.services import notification_send
from people import audit
from people.imports import RowError
from people.models import Staff

from .imports import TrainingRow
from .models import Attendance, AttendanceMethod, TrainingSession
from .when import when_text


class CheckInError(Exception):
    """Why a self check-in was refused (shown to the person as is)."""


def session_invite(*, session: TrainingSession, staff: list[Staff]) -> int:
    """Invite people to a session and send them the training notice (培训通知). Return how many were notified."""
    session.invitees.add(*staff)
    text = _("培训通知：%(topic)s，%(when)s，地点：%(place)s。签到时请出示或输入签到码。") % {
        "topic": session.topic,
        "when": when_text(session.starts_at, session.ends_at),
        "place": session.place or "—",
    }
    users = [s.user for s in Staff.objects.filter(pk__in=[s.pk for s in staff]).select_related("user")]
    return notification_send(
        users=users, key=f"session-invite:{session.pk}", text=text, url=reverse("home:my_training")
    )


def _audit(action: str, actor, session: TrainingSession, staff: Staff, **data) -> None:
    """Record a change of the sign-in sheet: present or not, or the score, old → new."""
    audit.audit_record(action=action, actor=actor, target=session, people=[staff], data=data)


@transaction.atomic
def attendance_record(
    *,
    session: TrainingSession,
    staff: Staff,
    method: str,
    at: datetime.datetime | None = None,
    score: Decimal | None = None,
    actor=None,
) -> Attendance:
    """Mark a person present and record the training event (at the session's start); safe to call twice.

    ``actor`` (the trainer of the sheet, the person checking in) is audited with each change."""
    attendance, created = Attendance.objects.get_or_create(
        session=session,
        staff=staff,
        defaults={"checked_in_at": at or timezone.now(), "method": method, "score": score},
    )
    if created:
        _audit(audit.ATTENDANCE, actor, session, staff, old=False, new=True, method=method, score=score)
    elif score is not None and attendance.score != score:
        _audit(audit.SCORE, actor, session, staff, old=attendance.score, new=score)
        attendance.score = score
        attendance.save(update_fields=["score"])
    training_event_record(
        staff_id=staff.pk,
        kind=session.kind,
        occurred_at=session.starts_at,
        source=EventSource.SESSION,
        source_ref=session.source_ref,
        topic=session.topic,
        launch=session.launch,
        score=attendance.score,
    )
    return attendance


@transaction.atomic
def attendance_remove(*, session: TrainingSession, staff: Staff, actor=None) -> None:
    """Unmark a person (a sheet ticked by mistake) and withdraw the event."""
    deleted, _rows = Attendance.objects.filter(session=session, staff=staff).delete()
    if deleted:
        _audit(audit.ATTENDANCE, actor, session, staff, old=True, new=False)
    training_event_withdraw(staff_id=staff.pk, source=EventSource.SESSION, source_ref=session.source_ref)


@transaction.atomic
def attendance_score_set(*, attendance: Attendance, score: Decimal | None, actor=None) -> None:
    """Set the assessment score of one attendee; the event carries it too."""
    if attendance.score != score:
        _audit(audit.SCORE, actor, attendance.session, attendance.staff, old=attendance.score, new=score)
    attendance.score = score
    attendance.save(update_fields=["score"])
    TrainingEvent.objects.filter(
        staff_id=attendance.staff_id, source=EventSource.SESSION, source_ref=attendance.session.source_ref
    ).update(score=score)


def attendance_check_in(*, staff: Staff | None, code: str, at: datetime.datetime) -> Attendance:
    """Check oneself in with the code shown during a session; raise ``CheckInError`` with the reason.

    The code names the session; it works only while that session runs and only for its invitees.
    """
    code = code.strip().upper()
    sessions = list(TrainingSession.objects.filter(checkin_code=code).exclude(checkin_code="")) if code else []
    if not sessions:
        raise CheckInError(_("签到码不正确。"))
    invited = [s for s in sessions if staff is not None and s.invitees.filter(pk=staff.pk).exists()]
    if not invited:
        raise CheckInError(_("您不在本场培训的受邀名单中。"))
    running = [s for s in invited if s.is_running(at)]
    if not running:
        raise CheckInError(_("签到码只在培训进行期间有效。"))
    return attendance_record(session=running[0], staff=staff, method=AttendanceMethod.CODE, at=at, actor=staff.user)


def session_new_checkin_code() -> str:
    """Return a short code that is easy to read out loud (no 0/O, 1/I)."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(6))


def _session_import_key(key: tuple) -> str:
    kind, at, topic, trainer, place, launch = key
    text = "\x1f".join([kind, at.isoformat(), topic, trainer, place, launch])
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def training_import(*, rows: list[TrainingRow]) -> ImportResult:
    """Turn attendance rows into sessions, attendances and training events; all or nothing.

    Rows with the same kind, time, topic, trainer, place and launch form one session (found again by a
    hash of those fields, so re-running the file changes nothing); a person listed twice counts once.
    Bulk writes keep a year of history importable in seconds.
    """
    result = ImportResult()
    staff = {no: (pk, hall) for no, pk, hall in Staff.objects.values_list("staff_no", "pk", "hall_id")}
    launches = {launch.code: launch for launch in Launch.objects.all()}
    for row in rows:
        problems = []
        if row.staff_no not in staff:
            problems.append(Message(gettext_lazy("未知工号 %(staff_no)s"), staff_no=row.staff_no))
        if row.launch_code and row.launch_code not in launches:
            problems.append(Message(gettext_lazy("未知新业务编码 %(code)s"), code=row.launch_code))
        if problems:
            result.errors.append(RowError(row.line, tuple(problems)))
    if result.errors:
        return result
    groups: dict[tuple, dict[str, TrainingRow]] = {}
    for row in rows:
        groups.setdefault(row.session_key, {}).setdefault(row.staff_no, row)
    keys = {_session_import_key(k): k for k in groups}
    sessions = {
        s.import_key: s for batch in in_batches(keys) for s in TrainingSession.objects.filter(import_key__in=batch)
    }
    new = [
        TrainingSession(
            kind=k[0],
            starts_at=k[1],
            ends_at=k[1],
            topic=k[2],
            trainer_name=k[3],
            place=k[4],
            launch=launches.get(k[5]),
            import_key=h,
        )
        for h, k in keys.items()
        if h not in sessions
    ]
    for session in TrainingSession.objects.bulk_create(new, batch_size=BATCH):
        sessions[session.import_key] = session
    result.created, result.unchanged = len(new), len(keys) - len(new)
    through, attendances, events = TrainingSession.halls.through, [], []
    hall_links = set()
    for h, key in keys.items():
        session = sessions[h]
        for no, row in groups[key].items():
            staff_pk, hall_pk = staff[no]
            hall_links.add((session.pk, hall_pk))
            attendances.append(
                Attendance(
                    session=session,
                    staff_id=staff_pk,
                    checked_in_at=row.occurred_at,
                    method=AttendanceMethod.IMPORT,
                    score=row.score,
                )
            )
            events.append(
                TrainingEvent(
                    staff_id=staff_pk,
                    kind=row.kind,
                    occurred_at=row.occurred_at,
                    source=EventSource.SESSION,
                    source_ref=session.source_ref,
                    topic=row.topic,
                    launch=session.launch,
                    score=row.score,
                )
            )
    through.objects.bulk_create(
        [through(trainingsession_id=s, hall_id=h) for s, h in hall_links], ignore_conflicts=True, batch_size=BATCH
    )
    Attendance.objects.bulk_create(attendances, ignore_conflicts=True, batch_size=BATCH)
    TrainingEvent.objects.bulk_create(events, ignore_conflicts=True, batch_size=BATCH)
    return result


@transaction.atomic
def session_create(*, trainer, halls, invite_halls: bool = True, **fields) -> TrainingSession:
    """Create a session with a fresh check-in code; invite the staff of its halls employed that day."""
    session = TrainingSession.objects.create(trainer=trainer, checkin_code=session_new_checkin_code(), **fields)
    session.halls.set(halls)
    if invite_halls:
        day = timezone.localtime(session.starts_at).date()
        session_invite(session=session, staff=list(Staff.objects.employed_on(day).filter(hall__in=halls)))
    return session
