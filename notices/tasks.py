"""Celery tasks of notices: e-mail a chunk of notices, retrying on SMTP and network errors."""

import smtplib

from celery import shared_task

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
