"""Writes: training evidence, sessions and attendance, launch announcements, notifications."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import connection, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from i18n.messages import Message
from people import roles
from people.imports import RowError
from people.models import Hall, Staff

from . import periods
from .imports import LaunchRow, TrainingRow
from .models import (
    Attendance,
    AttendanceMethod,
    ComplianceSettings,
    EventSource,
    Launch,
    LaunchAssignment,
    Notification,
    TrainingEvent,
    TrainingSession,
)


def training_event_record(
    *,
    staff_id: int,
    kind: str,
    occurred_at: datetime.datetime,
    source: str,
    source_ref: str,
    topic: str = "",
    launch: Launch | None = None,
    score: Decimal | float | None = None,
) -> TrainingEvent:
    """Record (or update) the event for this person and source; safe to call twice."""
    event, _ = TrainingEvent.objects.update_or_create(
        staff_id=staff_id,
        source=source,
        source_ref=source_ref,
        defaults={"kind": kind, "occurred_at": occurred_at, "topic": topic, "launch": launch, "score": score},
    )
    return event


def training_event_withdraw(*, staff_id: int, source: str, source_ref: str) -> None:
    """Remove the event of a source that no longer counts (e.g. a regraded attempt that now fails)."""
    TrainingEvent.objects.filter(staff_id=staff_id, source=source, source_ref=source_ref).delete()


class CheckInError(Exception):
    """Why a self check-in was refused (shown to the person as is)."""


@dataclass(frozen=True)
class Recipient:
    """A user as a notice needs one (id and e-mail address), read with ``values_list`` for bulk sends."""

    pk: int
    email: str = ""


@dataclass(frozen=True)
class Notice:
    user: object  # a User or a Recipient: anything with ``pk`` and ``email``
    key: str
    text: str
    url: str = ""


def notices_send(*, notices: list[Notice], subject: str = "") -> int:
    """Notify in the site and by e-mail; a (user, key) already sent is skipped. Return how many were new.

    Rows are inserted with ``ON CONFLICT DO NOTHING RETURNING`` (on PostgreSQL in one statement for any
    number of notices), so only the call that really inserted a notice sends its e-mail: two ticks
    racing, or a task retried, never e-mail twice. The e-mails leave after the transaction commits (a
    rolled-back change sends nothing), from workers in chunks (``notices_mail``).
    """
    unique = {(n.user.pk, n.key): n for n in notices if n.user is not None and n.user.pk is not None}
    if not unique:
        return 0
    qn = connection.ops.quote_name
    table = qn(Notification._meta.db_table)
    columns = ", ".join(qn(c) for c in ("user_id", "key", "text", "url", "created_at"))
    returning = f"ON CONFLICT ({qn('user_id')}, {qn('key')}) DO NOTHING RETURNING {qn('user_id')}, {qn('key')}, id"
    now, inserted = timezone.now(), {}
    items = list(unique.values())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement however many notices (arrays, as Django's bulk_create does with UNNEST): the
            # Monday tick for 50,000 people took 109 queries with chunks of 500 rows (bench/ticks.py).
            ids, keys, texts, urls = (
                [n.user.pk for n in items],
                [n.key for n in items],
                [n.text[:500] for n in items],
                [n.url for n in items],
            )
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT u, k, t, l, %s "
                f"FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS x(u, k, t, l) {returning}",
                [now, ids, keys, texts, urls],
            )
            inserted.update(((uid, key), pk) for uid, key, pk in cursor.fetchall())
        else:
            for start in range(0, len(items), 500):
                chunk = items[start : start + 500]
                values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
                params = [v for n in chunk for v in (n.user.pk, n.key, n.text[:500], n.url, now)]
                cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values} {returning}", params)
                inserted.update(((uid, key), pk) for uid, key, pk in cursor.fetchall())
    mail = [pk for pair, pk in inserted.items() if unique[pair].user.email]
    if mail:
        from .tasks import notices_mail_task  # tasks import the services: import on use

        def enqueue():
            for start in range(0, len(mail), MAIL_CHUNK):
                notices_mail_task.delay(mail[start : start + MAIL_CHUNK], subject)

        transaction.on_commit(enqueue)
    return len(inserted)


MAIL_CHUNK = 500


def notices_mail(*, ids: list[int], subject: str = "") -> int:
    """E-mail the notices ``ids`` to their users with an address (one connection); return how many left.

    Called by a worker per chunk of ``MAIL_CHUNK`` after ``notices_send`` committed: building 24,500
    messages took the Monday tick for 50,000 people from about 2 s to 7 s (bench/ticks.py), and an SMTP
    server is slower still.
    """
    rows = Notification.objects.filter(pk__in=ids).order_by("pk").values_list("text", "url", "user__email")
    base = settings.WAGTAILADMIN_BASE_URL
    mails = [(subject or text[:60], f"{text}\n\n{base}{url}", None, [email]) for text, url, email in rows if email]
    return send_mass_mail(mails, fail_silently=True) if mails else 0


def notification_send(*, users, key: str, text: str, url: str = "", subject: str = "") -> int:
    """Send the same notice to several users (see ``notices_send``)."""
    return notices_send(notices=[Notice(u, key, text, url) for u in users], subject=subject)


def session_invite(*, session: TrainingSession, staff: list[Staff]) -> int:
    """Invite people to a session and send them the training notice (培训通知). Return how many were notified."""
    session.invitees.add(*staff)
    local = timezone.localtime(session.starts_at)
    text = _("培训通知：%(topic)s，%(when)s，地点：%(place)s。签到时请出示或输入签到码。") % {
        "topic": session.topic,
        "when": f"{local:%Y-%m-%d %H:%M}",
        "place": session.place or "—",
    }
    users = [s.user for s in Staff.objects.filter(pk__in=[s.pk for s in staff]).select_related("user")]
    return notification_send(
        users=users, key=f"session-invite:{session.pk}", text=text, url=reverse("compliance:my_training")
    )


@transaction.atomic
def attendance_record(
    *,
    session: TrainingSession,
    staff: Staff,
    method: str,
    at: datetime.datetime | None = None,
    score: Decimal | None = None,
) -> Attendance:
    """Mark a person present and record the training event (at the session's start); safe to call twice."""
    attendance, created = Attendance.objects.get_or_create(
        session=session,
        staff=staff,
        defaults={"checked_in_at": at or timezone.now(), "method": method, "score": score},
    )
    if not created and score is not None and attendance.score != score:
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
def attendance_remove(*, session: TrainingSession, staff: Staff) -> None:
    """Unmark a person (a sheet ticked by mistake) and withdraw the event."""
    Attendance.objects.filter(session=session, staff=staff).delete()
    training_event_withdraw(staff_id=staff.pk, source=EventSource.SESSION, source_ref=session.source_ref)


@transaction.atomic
def attendance_score_set(*, attendance: Attendance, score: Decimal | None) -> None:
    """Set the assessment score of one attendee; the event carries it too."""
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
    return attendance_record(session=running[0], staff=staff, method=AttendanceMethod.CODE, at=at)


def session_new_checkin_code() -> str:
    """Return a short code that is easy to read out loud (no 0/O, 1/I)."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(6))


def launch_scope(*, launch: Launch) -> QuerySet[Staff]:
    """Return the people a launch applies to: its halls (all if none) and employed on the announcement day."""
    qs = Staff.objects.employed_on(timezone.localtime(launch.announced_at).date())
    hall_ids = list(launch.halls.values_list("pk", flat=True))
    return qs.filter(hall_id__in=hall_ids) if hall_ids else qs


@transaction.atomic
def launch_announce(*, launch: Launch) -> int:
    """Assign the launch's training to everyone in scope (deadline announcement + N hours) and notify
    them and their hall managers at once. Safe to run twice: nobody is assigned or notified twice."""
    hours = ComplianceSettings.load().new_service_hours
    deadline = periods.launch_deadline(launch.announced_at, hours=hours)
    people = list(launch_scope(launch=launch).select_related("user"))
    LaunchAssignment.objects.bulk_create(
        [LaunchAssignment(launch=launch, staff=s, assigned_at=launch.announced_at, deadline=deadline) for s in people],
        ignore_conflicts=True,
    )
    due = f"{timezone.localtime(deadline):%Y-%m-%d %H:%M}"
    values = {"name": launch.name, "code": launch.code, "due": due}
    url = reverse("compliance:my_training")
    notification_send(
        users=[s.user for s in people],
        key=f"launch:{launch.code}",
        text=_("新业务培训：%(name)s（%(code)s），请在 %(due)s 前完成培训。") % values,
        url=url,
    )
    managers = Staff.objects.filter(
        hall_id__in={s.hall_id for s in people}, user__groups__name=roles.HALL_MANAGER
    ).select_related("user")
    notification_send(
        users=[m.user for m in managers],
        key=f"launch-manager:{launch.code}",
        text=_("新业务 %(name)s（%(code)s）已发布：本厅员工须在 %(due)s 前完成培训。") % values,
        url=reverse("compliance:hall"),
    )
    if launch.quiz_ref:
        from .tasks import launch_quiz_assign_task  # tasks import the services: import on use

        launch_quiz_assign_task.delay_on_commit(launch.pk)
    return len(people)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)


@transaction.atomic
def launches_import(*, rows: list[LaunchRow]) -> ImportResult:
    """Create or update launches by code; all or nothing. Unknown hall codes are row errors."""
    result = ImportResult()
    halls = dict(Hall.objects.values_list("code", "pk"))
    for row in rows:
        unknown = [c for c in row.hall_codes if c not in halls]
        if unknown:
            result.errors.append(
                RowError(row.line, (Message(gettext_lazy("未知营业厅 %(halls)s"), halls=", ".join(unknown)),))
            )
    if result.errors:
        return result
    existing = {launch.code: launch for launch in Launch.objects.prefetch_related("halls")}
    for row in rows:
        hall_ids = {halls[c] for c in row.hall_codes}
        launch = existing.get(row.code)
        if launch is None:
            launch = Launch.objects.create(code=row.code, name=row.name, announced_at=row.announced_at)
            launch.halls.set(hall_ids)
            result.created += 1
            continue
        same = (
            launch.name == row.name
            and launch.announced_at == row.announced_at
            and {h.pk for h in launch.halls.all()} == hall_ids
        )
        if same:
            result.unchanged += 1
            continue
        launch.name, launch.announced_at = row.name, row.announced_at
        launch.save(update_fields=["name", "announced_at"])
        launch.halls.set(hall_ids)
        result.updated += 1
    return result


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
    sessions = {s.import_key: s for s in TrainingSession.objects.filter(import_key__in=keys)}
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
    for session in TrainingSession.objects.bulk_create(new):
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
        [through(trainingsession_id=s, hall_id=h) for s, h in hall_links], ignore_conflicts=True
    )
    Attendance.objects.bulk_create(attendances, ignore_conflicts=True, batch_size=2000)
    TrainingEvent.objects.bulk_create(events, ignore_conflicts=True, batch_size=2000)
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
