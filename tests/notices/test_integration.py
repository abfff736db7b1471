"""Robot messages on a real Celery worker (Redis, PostgreSQL): a rate limit retried after the backoff
and then sent, a bad signature failed at once, neither holding up the other."""

import time

import pytest
from django.db import transaction

from notices.channels import robot_messages_queue
from notices.models import DeliveryStatus, HallRobot, RobotDelivery, RobotKind
from tests.conftest import make_hall

from .robot_server import RobotServer

pytestmark = pytest.mark.integration


def settled(seconds=40):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        states = set(RobotDelivery.objects.values_list("status", flat=True))
        if states and states <= {DeliveryStatus.SENT, DeliveryStatus.FAILED}:
            break
        time.sleep(0.3)
    return {r.kind: r for r in RobotDelivery.objects.all()}


def test_a_worker_retries_a_rate_limit_and_fails_a_bad_signature_without_retrying(celery_worker_process):
    hall = make_hall(code="HI", name="集成厅")
    with RobotServer() as server:
        wecom = HallRobot.objects.create(hall=hall, kind=RobotKind.WECOM, webhook_url=server.wecom_url)
        ding = HallRobot.objects.create(
            hall=hall, kind=RobotKind.DINGTALK, webhook_url=server.dingtalk_url, secret="SECnot-the-secret"
        )
        server.fail_next(45009)
        with transaction.atomic():
            robot_messages_queue(
                targets=[wecom, ding], key="it", messages={r.pk: ("标题", "内容") for r in (wecom, ding)}
            )
        rows = settled()
    assert (rows["wecom"].status, rows["wecom"].attempts) == (DeliveryStatus.SENT, 2), "see var/worker-w1.log"
    assert (rows["dingtalk"].status, rows["dingtalk"].attempts) == (DeliveryStatus.FAILED, 1)
    assert rows["dingtalk"].error.startswith("errcode 310000")
    assert sorted(server.answers) == [0, 45009, 310000]
    assert (rows["wecom"].sent_at - rows["wecom"].created_at).total_seconds() >= 2  # the backoff
