"""Notices: in the site at once (one statement for any number), by e-mail from a worker after commit."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.message import EmailMessage
from django.db import connection, transaction
from django.utils import timezone

from lms.queue import task_send

from .models import Notification


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
                if not task_send(notices_mail_task, mail[start : start + MAIL_CHUNK], subject):
                    return  # broker down (logged): the notices are in the site, their e-mail is not sent

        transaction.on_commit(enqueue)
    return len(inserted)


MAIL_CHUNK = 500


def notices_mail(*, ids: list[int], subject: str = "") -> int:
    """E-mail the notices ``ids`` not yet e-mailed to their users with an address (one connection); return
    how many left. Each message sent is stamped ``emailed_at`` at once, so a retry after an SMTP error
    sends only the rest; the error propagates (the task retries it, ``notices.tasks``).

    Called by a worker per chunk of ``MAIL_CHUNK`` after ``notices_send`` committed: building 24,500
    messages took the Monday tick for 50,000 people from about 2 s to 7 s (bench/ticks.py), and an SMTP
    server is slower still.
    """
    rows = (
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True)
        .exclude(user__email="")
        .order_by("pk")
        .values_list("pk", "text", "url", "user__email")
    )
    base, sent = settings.PEIXUN_BASE_URL, []
    rows = list(rows)
    if not rows:
        return 0
    try:
        with get_connection() as mail:
            for pk, text, url, email in rows:
                message = EmailMessage(subject or text[:60], f"{text}\n\n{base}{url}", None, [email])
                if mail.send_messages([message]):
                    sent.append(pk)
    finally:
        if sent:
            Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now(), email_error="")
    return len(sent)


def notices_mail_failed(*, ids: list[int], error: str) -> int:
    """Mark the notices ``ids`` still not e-mailed as failed (the task gave up); return how many."""
    return Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(email_error=error[:200])


def notifications_mark_read(*, user) -> int:
    """Mark all of a user's unread notices read; return how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_send(*, users, key: str, text: str, url: str = "", subject: str = "") -> int:
    """Send the same notice to several users (see ``notices_send``)."""
    return notices_send(notices=[Notice(u, key, text, url) for u in users], subject=subject)
