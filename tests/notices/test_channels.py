"""Messages to the halls' group robots: sent through the retrying task to a stand-in server that checks
them as WeCom and DingTalk do; rate limits retried, bad signatures not; one robot failing blocks no other."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from notices.channels import robot_messages_queue
from notices.digest import hall_digests_send
from notices.models import DeliveryStatus, HallRobot, RobotDelivery, RobotKind
from notices.tasks import ROBOT_RETRIES

pytestmark = pytest.mark.django_db
AT = datetime.datetime(2027, 3, 8, 8, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def send(targets, key="m1", title="标题", text="内容"):
    return robot_messages_queue(targets=targets, key=key, messages={r.pk: (title, text) for r in targets})


def delivery(robot, key="m1"):
    return RobotDelivery.objects.get(robot=robot, key=key)


def test_the_weekly_digest_reaches_both_robots_of_the_hall_as_markdown(
    org, robots_of_a, robot_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert hall_digests_send(at=AT) == 2
    assert robot_server.answers == [0, 0]
    bodies = dict(robot_server.received)
    assert bodies["wecom"]["msgtype"] == "markdown"
    assert bodies["wecom"]["markdown"]["content"].startswith("**甲营业厅 培训周报（2027 年第 10 周）**\n")
    assert bodies["dingtalk"]["markdown"]["title"] == "甲营业厅 培训周报（2027 年第 10 周）"
    for robot in robots_of_a.values():
        row = delivery(robot, key="digest:2027-W10")
        assert (row.status, row.attempts, row.error) == (DeliveryStatus.SENT, 1, "")
        assert row.sent_at is not None


def test_a_rate_limit_is_retried_and_then_sent(robots_of_a, robot_server, django_capture_on_commit_callbacks):
    robot_server.fail_next(45009)
    with django_capture_on_commit_callbacks(execute=True):
        send([robots_of_a["wecom"]])
    assert robot_server.answers == [45009, 0]
    row = delivery(robots_of_a["wecom"])
    assert (row.status, row.attempts, row.error) == (DeliveryStatus.SENT, 2, "")


def test_a_bad_signature_fails_at_once_without_retrying_and_the_other_robot_still_sends(
    robots_of_a, robot_server, django_capture_on_commit_callbacks
):
    ding = robots_of_a["dingtalk"]
    HallRobot.objects.filter(pk=ding.pk).update(secret="SECwrong")
    with django_capture_on_commit_callbacks(execute=True):
        send([ding, robots_of_a["wecom"]])
    assert sorted(robot_server.answers) == [0, 310000]
    failed = delivery(ding)
    assert (failed.status, failed.attempts) == (DeliveryStatus.FAILED, 1)
    assert failed.error.startswith("errcode 310000")
    assert delivery(robots_of_a["wecom"]).status == DeliveryStatus.SENT


def test_a_rate_limit_that_never_ends_fails_after_the_last_retry(
    robots_of_a, robot_server, django_capture_on_commit_callbacks
):
    robot_server.fail_next(*[130101] * (ROBOT_RETRIES + 5))
    with django_capture_on_commit_callbacks(execute=True):
        send([robots_of_a["dingtalk"]])
    row = delivery(robots_of_a["dingtalk"])
    assert (row.status, row.attempts) == (DeliveryStatus.FAILED, ROBOT_RETRIES + 1)
    assert robot_server.answers == [130101] * (ROBOT_RETRIES + 1)


def test_a_server_that_does_not_answer_is_retried_as_a_network_error(
    org, like_a_worker, django_capture_on_commit_callbacks
):
    robot = HallRobot.objects.create(
        hall=org["hall_a"], kind=RobotKind.WECOM, webhook_url="http://127.0.0.1:9/cgi-bin/webhook/send?key=K"
    )
    with django_capture_on_commit_callbacks(execute=True):
        send([robot])
    row = delivery(robot)
    assert (row.status, row.attempts) == (DeliveryStatus.FAILED, ROBOT_RETRIES + 1)
    assert "Error" in row.error


def test_the_same_key_is_sent_once_to_each_robot(robots_of_a, robot_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send(list(robots_of_a.values())) == 2
        assert send(list(robots_of_a.values())) == 0
    assert len(robot_server.received) == 2
    assert RobotDelivery.objects.count() == 2


@override_settings(PEIXUN_ROBOT_EXTRA_HOSTS=[])
def test_outside_tests_only_https_to_the_services_is_accepted(org, robot_server):
    robot = HallRobot(hall=org["hall_a"], kind=RobotKind.WECOM, webhook_url=robot_server.wecom_url)
    with pytest.raises(ValidationError) as invalid:
        robot.full_clean()
    assert "webhook_url" in invalid.value.message_dict
    robot.webhook_url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K"
    robot.full_clean()


def test_a_dingtalk_robot_needs_its_secret(org):
    robot = HallRobot(
        hall=org["hall_a"], kind=RobotKind.DINGTALK, webhook_url="https://oapi.dingtalk.com/robot/send?access_token=T"
    )
    with pytest.raises(ValidationError) as invalid:
        robot.full_clean()
    assert list(invalid.value.message_dict) == ["secret"]


def test_an_address_edited_into_something_else_is_refused_when_sending(
    robots_of_a, robot_server, django_capture_on_commit_callbacks
):
    HallRobot.objects.filter(pk=robots_of_a["wecom"].pk).update(
        webhook_url="https://example.com/cgi-bin/webhook/send?key=K"
    )
    with django_capture_on_commit_callbacks(execute=True):
        send([robots_of_a["wecom"]])
    row = delivery(robots_of_a["wecom"])
    assert (row.status, row.attempts) == (DeliveryStatus.FAILED, 1)
    assert robot_server.answers == []


def test_a_message_whose_task_was_never_queued_is_sent_by_the_resend_tick(robots_of_a, robot_server):
    from django.utils import timezone

    from notices.channels import robot_deliveries_resend

    send([robots_of_a["wecom"]])  # the commit never comes: as if the broker had been down
    row = delivery(robots_of_a["wecom"])
    assert row.status == DeliveryStatus.QUEUED
    assert robot_deliveries_resend(at=timezone.now()) == 0  # not yet: its task may still be on its way
    assert robot_deliveries_resend(at=timezone.now() + datetime.timedelta(minutes=11)) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (DeliveryStatus.SENT, 1)
    assert robot_deliveries_resend(at=timezone.now() + datetime.timedelta(minutes=30)) == 0
