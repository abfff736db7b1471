"""lms.queue: a broker that is down is logged and told to the user, never a 500."""

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from kombu.exceptions import OperationalError

from compliance.tasks import launch_quiz_assign_task
from lms.queue import BROKER_DOWN, QueueMessageMiddleware, send_failed, task_send


def _request():
    request = RequestFactory().post("/x/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _down(*args, **kwargs):
    raise OperationalError("Connection refused")


def test_a_view_whose_task_could_not_be_sent_tells_the_user_once(monkeypatch):
    monkeypatch.setattr(launch_quiz_assign_task, "apply_async", _down)
    outcomes = []

    def view(request):
        outcomes.append(task_send(launch_quiz_assign_task, 1))
        return HttpResponse("ok")

    request = _request()
    assert QueueMessageMiddleware(view)(request).status_code == 200
    assert outcomes == [False]
    assert [str(m) for m in get_messages(request)] == [str(BROKER_DOWN)]
    assert not send_failed()  # the flag belongs to that request only


def test_a_view_whose_tasks_were_sent_adds_no_message(monkeypatch):
    monkeypatch.setattr(launch_quiz_assign_task, "apply_async", lambda *a, **k: None)

    def view(request):
        assert task_send(launch_quiz_assign_task, 1)
        return HttpResponse("ok")

    request = _request()
    QueueMessageMiddleware(view)(request)
    assert list(get_messages(request)) == []
