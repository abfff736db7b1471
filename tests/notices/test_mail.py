"""Notices are e-mailed by a Celery task that retries on SMTP errors and never e-mails a notice twice."""

import smtplib
import socketserver
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from notices.models import Notification
from notices.services import Notice, notices_mail, notices_send
from notices.tasks import MAIL_RETRIES, notices_mail_task, retry_countdown

pytestmark = pytest.mark.django_db


class FlakyBackend(EmailBackend):
    """The locmem backend, but after ``ok_first`` messages the next ``failures`` meet a dropped connection."""

    failures = ok_first = 0

    def send_messages(self, messages):
        if FlakyBackend.ok_first:
            FlakyBackend.ok_first -= 1
        elif FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
        return super().send_messages(messages)


FLAKY = "tests.notices.test_mail.FlakyBackend"


@pytest.fixture
def users():
    User = get_user_model()
    return [User.objects.create(username=f"u{i}", email=f"u{i}@example.com") for i in range(3)] + [
        User.objects.create(username="nomail")
    ]


def _send(users, key="k"):
    return notices_send(notices=[Notice(u, key, f"通知 {u.username}", "/me/") for u in users], subject="培训")


def test_new_notices_are_emailed_once_each_after_commit(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert _send(users) == 4
    assert sorted(m.to[0] for m in mail.outbox) == ["u0@example.com", "u1@example.com", "u2@example.com"]
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 3
    assert notices_mail(ids=list(Notification.objects.values_list("pk", flat=True))) == 0  # a replay sends nothing
    assert len(mail.outbox) == 3


@pytest.fixture
def like_a_worker(monkeypatch):
    """Follow ``self.retry`` in-process as a worker would: the test profile's eager mode otherwise
    propagates the ``Retry`` (``CELERY_TASK_EAGER_PROPAGATES``)."""
    monkeypatch.setitem(notices_mail_task.app.conf, "task_eager_propagates", False)


def _ids():
    return list(Notification.objects.order_by("pk").values_list("pk", flat=True))


def test_an_smtp_error_retries_the_chunk_and_sends_only_what_is_left(users, settings, like_a_worker):
    settings.EMAIL_BACKEND = FLAKY
    FlakyBackend.ok_first, FlakyBackend.failures = 1, 2  # u0 leaves, u1 fails twice, then u1 and u2 leave
    _send(users)
    result = notices_mail_task.apply(args=[_ids(), "培训"], throw=False)
    assert (result.state, result.result) == ("SUCCESS", 2)
    assert sorted(m.to[0] for m in mail.outbox) == ["u0@example.com", "u1@example.com", "u2@example.com"]
    assert not Notification.objects.exclude(email_error="").exists()


def test_after_the_last_retry_the_task_fails_and_the_notices_say_why(users, settings, like_a_worker):
    settings.EMAIL_BACKEND = FLAKY
    FlakyBackend.ok_first, FlakyBackend.failures = 0, 1 + MAIL_RETRIES
    _send(users[:1])
    result = notices_mail_task.apply(args=[_ids(), ""], throw=False)
    assert result.state == "FAILURE" and isinstance(result.result, smtplib.SMTPServerDisconnected)
    row = Notification.objects.get()
    assert (row.emailed_at, row.email_error) == (None, "SMTPServerDisconnected: connection unexpectedly closed")
    assert mail.outbox == []


def test_retries_wait_longer_each_time():
    assert [retry_countdown(n) for n in range(MAIL_RETRIES)] == [60, 120, 240, 480, 960]


class _SMTPStub(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib; answers 421 to the first ``refuse`` DATA commands."""

    def reply(self, line: str):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        server = self.server
        self.reply("220 stub")
        while line := self.rfile.readline().decode().strip():
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 stub")
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                self.reply("250 ok")
            elif verb == "DATA":
                if server.refuse:
                    server.refuse -= 1
                    self.reply("421 busy, try later")
                    return
                self.reply("354 go on")
                body = []
                while (data := self.rfile.readline().decode()) not in (".\r\n", ""):
                    body.append(data)
                server.received.append("".join(body))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 no")


@pytest.fixture
def smtp_stub(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPStub)
    server.daemon_threads = True
    server.refuse, server.received = 0, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", server.server_address[1], False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.shutdown()
    server.server_close()


def test_a_busy_smtp_server_on_localhost_gets_the_mail_on_retry(users, smtp_stub, like_a_worker):
    smtp_stub.refuse = 1
    _send(users[:2])
    assert notices_mail_task.apply(args=[_ids(), ""], throw=False).result == 2
    assert len(smtp_stub.received) == 2
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2
