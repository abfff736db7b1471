"""The 群机器人 admin: HR keeps every hall's robots, a hall manager their hall's; addresses and secrets are
never shown back; 发送测试消息 sends through the task and is audited; the message log is read-only."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from notices.models import DeliveryStatus, HallRobot, RobotDelivery, RobotKind

from .robot_server import DING_SECRET, WECOM_KEY

pytestmark = pytest.mark.django_db


def form(hall, kind, url, secret="", enabled=True):
    data = {"hall": hall.pk, "kind": kind, "webhook_url": url, "secret": secret}
    return data | ({"enabled": "on"} if enabled else {})


def test_hr_adds_a_dingtalk_robot_and_its_secret_is_never_shown_back(client, org, robot_server):
    client.force_login(org["hr"])
    data = form(org["hall_b"], RobotKind.DINGTALK, robot_server.dingtalk_url, DING_SECRET)
    response = client.post(reverse("notices_robots:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    robot = HallRobot.objects.get()
    assert (robot.hall, robot.secret, robot.webhook_url) == (org["hall_b"], DING_SECRET, robot_server.dingtalk_url)
    page = client.get(reverse("notices_robots:edit", args=[robot.pk])).content.decode()
    assert DING_SECRET not in page and "ding-token-0001" not in page and "ding…" in page
    assert "ding-token-0001" not in client.get(reverse("notices_robots:index")).content.decode()
    # Saving with the two fields left blank keeps them.
    response = client.post(reverse("notices_robots:edit", args=[robot.pk]), form(org["hall_b"], RobotKind.DINGTALK, ""))
    assert response.status_code == 302
    robot.refresh_from_db()
    assert (robot.secret, robot.webhook_url) == (DING_SECRET, robot_server.dingtalk_url)


def test_an_address_of_another_host_is_refused_with_a_clear_error(client, org, settings):
    settings.PEIXUN_ROBOT_EXTRA_HOSTS = []
    client.force_login(org["hr"])
    url = "http://evil.example/cgi-bin/webhook/send?key=K"
    response = client.post(reverse("notices_robots:add"), form(org["hall_a"], RobotKind.WECOM, url))
    assert response.status_code == 200
    assert "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" in response.content.decode()
    assert not HallRobot.objects.exists()


def test_a_hall_manager_keeps_their_halls_robot_only(client, org, robot_server):
    mine = HallRobot.objects.create(hall=org["hall_a"], kind=RobotKind.WECOM, webhook_url=robot_server.wecom_url)
    theirs = HallRobot.objects.create(hall=org["hall_b"], kind=RobotKind.WECOM, webhook_url=robot_server.wecom_url)
    client.force_login(org["manager_a"].user)
    listing = client.get(reverse("notices_robots:index")).content.decode()
    assert reverse("notices_robots:edit", args=[mine.pk]) in listing
    assert reverse("notices_robots:edit", args=[theirs.pk]) not in listing
    assert client.get(reverse("notices_robots:edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notices_admin:robot_test", args=[theirs.pk])).status_code == 404
    add = client.get(reverse("notices_robots:add")).content.decode()
    assert org["hall_a"].name in add and org["hall_b"].name not in add
    response = client.post(
        reverse("notices_robots:add"), form(org["hall_b"], RobotKind.DINGTALK, robot_server.dingtalk_url, "SECx")
    )
    assert response.status_code == 200 and HallRobot.objects.count() == 2


def test_staff_and_trainers_cannot_open_the_robots(client, org, robot_server):
    robot = HallRobot.objects.create(hall=org["hall_a"], kind=RobotKind.WECOM, webhook_url=robot_server.wecom_url)
    for user in (org["staff_a1"].user, org["trainer"]):
        client.force_login(user)
        assert client.get(reverse("notices_robots:index")).status_code in (302, 403)
        assert client.post(reverse("notices_admin:robot_test", args=[robot.pk])).status_code in (302, 403)
    assert not RobotDelivery.objects.exists()


def test_the_test_button_sends_through_the_task_and_is_audited(
    client, org, robots_of_a, robot_server, django_capture_on_commit_callbacks
):
    robot = robots_of_a["wecom"]
    client.force_login(org["manager_a"].user)
    edit = client.get(reverse("notices_robots:edit", args=[robot.pk])).content.decode()
    test_url = reverse("notices_admin:robot_test", args=[robot.pk])
    assert test_url in edit and WECOM_KEY not in edit
    assert "发送测试消息" in client.get(test_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(test_url)
    delivery = RobotDelivery.objects.get()
    assert response.url == reverse("notices_deliveries:inspect", args=[delivery.pk])
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    assert robot_server.received[0][1]["markdown"]["content"].startswith("**培训系统测试消息**")
    entry = ModelLogEntry.objects.get(action="peixun.robot_test")
    assert (entry.user, entry.object_id, entry.data["delivery"]) == (org["manager_a"].user, str(robot.pk), delivery.pk)


def test_the_message_log_is_read_only_and_scoped(client, org, robots_of_a):
    a = RobotDelivery.objects.create(
        robot=robots_of_a["wecom"],
        hall=org["hall_a"],
        kind="wecom",
        key="k",
        title="甲的周报",
        text="t",
        status=DeliveryStatus.FAILED,
        attempts=7,
        error="errcode 45009: api freq out of limit",
    )
    b = RobotDelivery.objects.create(hall=org["hall_b"], kind="wecom", key="k", title="乙的周报", text="t")
    client.force_login(org["hr"])
    listing = client.get(reverse("notices_deliveries:index")).content.decode()
    assert "甲的周报" in listing and "乙的周报" in listing and "errcode 45009" in listing
    assert client.get(reverse("notices_deliveries:inspect", args=[a.pk])).status_code == 200
    assert client.get(reverse("notices_deliveries:edit", args=[a.pk])).status_code in (302, 403)
    assert client.get(reverse("notices_deliveries:add")).status_code in (302, 403)
    client.force_login(org["manager_a"].user)
    listing = client.get(reverse("notices_deliveries:index")).content.decode()
    assert "甲的周报" in listing and "乙的周报" not in listing
    assert client.get(reverse("notices_deliveries:inspect", args=[b.pk])).status_code == 404
