"""Sending to the halls' group robots: a delivery row per robot and message, sent by a Celery task that
retries network errors and rate limits (``notices.tasks.robot_deliver_task``); one robot failing never
holds up another, nor the in-site notices and their e-mail."""

import datetime
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.queue import task_send

from . import robots
from .models import DeliveryStatus, HallRobot, RobotDelivery, RobotKind

logger = logging.getLogger(__name__)


def robot_config_errors(*, kind: str, url: str, secret: str) -> dict[str, str]:
    """Return the form errors of a robot's settings (empty: valid). Besides the services' own hosts, the
    ``PEIXUN_ROBOT_EXTRA_HOSTS`` setting may allow a local stand-in (tests, a demo)."""
    errors = {}
    if kind in robots.HOSTS and url:
        problem = robots.url_problem(url, kind, extra_hosts=settings.PEIXUN_ROBOT_EXTRA_HOSTS)
        if problem:
            example = f"https://{robots.HOSTS[kind]}{robots.PATHS[kind]}?{robots.TOKENS[kind]}=…"
            errors["webhook_url"] = _("地址无效（%(problem)s），应为 %(example)s") % {
                "problem": problem,
                "example": example,
            }
    if kind == RobotKind.DINGTALK and not secret:
        errors["secret"] = _("钉钉机器人需要加签密钥。")
    return errors


def robot_messages_queue(*, targets: list[HallRobot], key: str, messages: dict[int, tuple[str, str]]) -> int:
    """Log one message per robot (``messages``: robot id → title and text), unless that robot already has
    ``key``, and send each new one after commit; return how many were new."""
    done = set(RobotDelivery.objects.filter(key=key, robot__in=targets).values_list("robot_id", flat=True))
    new = [
        RobotDelivery(robot=r, hall_id=r.hall_id, kind=r.kind, key=key, title=messages[r.pk][0], text=messages[r.pk][1])
        for r in targets
        if r.pk not in done
    ]
    RobotDelivery.objects.bulk_create(new, ignore_conflicts=True)
    ids = list(
        RobotDelivery.objects.filter(key=key, robot_id__in=[d.robot_id for d in new], status=DeliveryStatus.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if ids:
        from .tasks import robot_deliver_task  # tasks import the services: import on use

        def enqueue():
            for pk in ids:  # a broker that is down is logged; robot_deliveries_resend sends the rows later
                task_send(robot_deliver_task, pk)

        transaction.on_commit(enqueue)
    return len(ids)


def robot_test_send(*, robot: HallRobot) -> RobotDelivery:
    """Queue a test message to ``robot`` (the 发送测试消息 button); return its delivery row."""
    title = _("培训系统测试消息")
    text = _("%(hall)s 的群机器人已连接到培训系统，每周一将在此推送本厅培训周报。") % {"hall": robot.hall.name}
    key = f"test:{timezone.now():%Y%m%d%H%M%S%f}"
    robot_messages_queue(targets=[robot], key=key, messages={robot.pk: (title, text)})
    return RobotDelivery.objects.get(robot=robot, key=key)


def robot_deliver(*, delivery_id: int, last_try: bool) -> str:
    """Send one logged message if it is not sent yet; return its status.

    The row is locked while sending, so a second copy of the task waits and then finds it sent. A
    retryable failure is saved as 重试中 and raised again (``robots.RobotError``) for the task to retry,
    except on the ``last_try``, which marks the message failed, as does any other failure (a bad
    signature or address: trying again cannot help).
    """
    with transaction.atomic():
        delivery = (
            RobotDelivery.objects.select_for_update(of=("self",)).select_related("robot").filter(pk=delivery_id).first()
        )
        if delivery is None or delivery.status in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
            return delivery.status if delivery else "gone"
        try:
            _robot_post(delivery)
        except robots.RobotError as exc:
            failure = exc
            again = exc.retryable and not last_try
            delivery.status, delivery.error = (
                (DeliveryStatus.RETRYING if again else DeliveryStatus.FAILED),
                str(exc)[:300],
            )
        else:
            failure, again = None, False
            delivery.status, delivery.error, delivery.sent_at = DeliveryStatus.SENT, "", timezone.now()
        delivery.attempts += 1
        delivery.save(update_fields=["attempts", "error", "status", "sent_at", "updated_at"])
    if again:
        raise failure
    if failure is not None:
        logger.error("robot message %s failed: %s", delivery.pk, failure)
    return delivery.status


def _robot_post(delivery: RobotDelivery) -> None:
    robot = delivery.robot
    if robot is None or not robot.enabled:
        raise robots.RobotError("the robot was removed or disabled", retryable=False)
    problem = robot_config_errors(kind=robot.kind, url=robot.webhook_url, secret=robot.secret)
    if problem:
        raise robots.RobotError("; ".join(problem.values()), retryable=False)
    body = robots.message(robot.kind, title=delivery.title, text=delivery.text)
    robots.post(robot.kind, url=robot.webhook_url, secret=robot.secret, body=body, timestamp_ms=int(time.time() * 1000))


STUCK_AFTER = datetime.timedelta(minutes=10)


def robot_deliveries_resend(*, at: datetime.datetime) -> int:
    """Send again the messages still 排队中 ``STUCK_AFTER`` after they were logged (their task was never
    queued: the broker was down); return how many. Safe to run twice: the task skips a row already sent."""
    from .tasks import robot_deliver_task

    ids = list(
        RobotDelivery.objects.filter(status=DeliveryStatus.QUEUED, created_at__lte=at - STUCK_AFTER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        task_send(robot_deliver_task, pk)
    return len(ids)
