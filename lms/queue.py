"""Sending Celery tasks from a request: a broker that is down gives the user a clear message, never a 500.

``task_send`` tries once (with a short publish retry) and returns False when the broker is unreachable;
the failure is logged and remembered for the current request, and ``QueueMessageMiddleware`` then tells
the user ``BROKER_DOWN`` (shown on the page the request redirects to). Work that was lost that way is
picked up by the finders (records' export sweeper, exams' overdue finder) or by repeating the action.
"""

import logging
from contextvars import ContextVar
from functools import partial

from django.contrib import messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

BROKER_DOWN = _("任务队列暂不可用，请稍后再试。")
# A refused connection fails at once; a broker that does not answer costs at most ~1 s of the request.
PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}

_send_failed: ContextVar[bool] = ContextVar("peixun_task_send_failed", default=False)


def task_send(task, *args, **kwargs) -> bool:
    """Send ``task`` with ``args``; return False (logged, and flagged for the request) if the broker is down."""
    try:
        task.apply_async(args, kwargs, retry=True, retry_policy=PUBLISH_RETRY)
    except OperationalError:
        logger.warning("broker unavailable: %s not queued", task.name, exc_info=True)
        _send_failed.set(True)
        return False
    return True


def task_send_on_commit(task, *args, **kwargs) -> None:
    """Send ``task`` once the current transaction commits (``task_send``'s failure handling)."""
    transaction.on_commit(partial(task_send, task, *args, **kwargs))


def send_failed() -> bool:
    """Return True if a task could not be sent during the current request."""
    return _send_failed.get()


class QueueMessageMiddleware:
    """Add ``BROKER_DOWN`` to the user's messages when a task of this request could not be sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _send_failed.set(False)
        try:
            response = self.get_response(request)
            if _send_failed.get() and not getattr(request, "broker_down_shown", False):
                messages.warning(request, BROKER_DOWN, fail_silently=True)
            return response
        finally:
            _send_failed.reset(token)
