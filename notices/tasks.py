"""Celery tasks of notices: e-mail a chunk of notices, retrying on SMTP and network errors; send a message
to a group robot, retrying on network errors and rate limits; the weekly hall digest."""

import datetime
import smtplib

from celery import shared_task
from django.utils import timezone

from .channels import robot_deliver, robot_deliveries_resend
from .digest import hall_digests_send
from .robots import RobotError
from .services import notices_mail, notices_mail_failed

MAIL_RETRIES = 5


def retry_countdown(retries: int) -> int:
    """Seconds before retry ``retries + 1``: 1, 2, 4, 8, 16 minutes."""
    return 60 * 2**retries


@shared_task(bind=True, max_retries=MAIL_RETRIES, acks_late=True, reject_on_worker_lost=True)
def notices_mail_task(self, ids: list[int], subject: str = "") -> int:
    """Enqueued on commit by ``notices_send``: e-mail one chunk of new notices to those with an address.

    An SMTP or network error retries the chunk later (messages already sent are not sent again); after
    the last retry the notices left are marked with the error and the task fails, visibly.
    """
    try:
        return notices_mail(ids=ids, subject=subject)
    except (smtplib.SMTPException, OSError) as exc:
        if self.request.retries >= self.max_retries:
            notices_mail_failed(ids=ids, error=f"{type(exc).__name__}: {exc}")
            raise
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc


ROBOT_RETRIES = 6


@shared_task(
    bind=True,
    autoretry_for=(RobotError,),
    retry_backoff=2,
    retry_backoff_max=600,
    retry_jitter=False,
    max_retries=ROBOT_RETRIES,
    acks_late=True,
    reject_on_worker_lost=True,
)
def robot_deliver_task(self, delivery_id: int) -> str:
    """Send one message to a group robot. A network error or a rate limit (``RobotError`` raised only when
    retryable) retries after 2, 4, 8, 16, 32 and 64 seconds, past the robots' one-minute rate window;
    the last try, or a failure that cannot pass (signature, address), marks the message failed."""
    return robot_deliver(delivery_id=delivery_id, last_try=self.request.retries >= self.max_retries)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def hall_digests_tick(at: str | None = None) -> int:
    """Beat, Monday 08:30 Asia/Shanghai: the week's digest to every hall's robots, once per week."""
    return hall_digests_send(at=datetime.datetime.fromisoformat(at) if at else timezone.now())


@shared_task(acks_late=True, reject_on_worker_lost=True)
def robot_deliveries_resend_tick() -> int:
    """Beat, every 15 minutes: send the robot messages whose task was never queued."""
    return robot_deliveries_resend(at=timezone.now())
