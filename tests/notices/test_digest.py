"""The halls' weekly robot digest through the real beat schedule, the clock moved day by day for three
weeks: one digest per robot each Monday 08:30, none on other days, never twice in a week; what it says
comes from compliance (overdue people, new launches) and certification (expiring certificates)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certification.models import Certificate, CertificateSource
from evidence.models import Launch
from notices.digest import hall_digests_send
from notices.models import DeliveryStatus, HallRobot, RobotDelivery, RobotKind
from notices.tasks import hall_digests_tick
from tests.beat import Beat, local
from tests.certification.utils import make_program
from tests.conftest import make_hall, make_staff

D = datetime.date
TICK = "notices.tasks.hall_digests_tick"


@pytest.fixture
def news(org):
    """A launch for every hall on Tuesday 2 March 2027 that nobody trains for, and A1's certificate
    expiring on 20 March."""
    Launch.objects.create(code="G5", name="5G 套餐", announced_at=local(2027, 3, 2, 10))
    Certificate.objects.create(
        number="SG-A1",
        program=make_program("SEC", name="安全保密"),
        staff=org["staff_a1"],
        issued_on=D(2025, 3, 20),
        expires_on=D(2027, 3, 20),
        source=CertificateSource.IMPORTED,
    )


def test_each_monday_each_robot_gets_one_digest_and_no_other_day_any(
    org, robots_of_a, robot_server, news, django_capture_on_commit_callbacks
):
    HallRobot.objects.create(hall=org["hall_b"], kind=RobotKind.WECOM, webhook_url=robot_server.wecom_url)
    with django_capture_on_commit_callbacks(execute=True), Beat(local(2027, 3, 1, 8)) as beat:
        day = D(2027, 3, 1)
        while day <= D(2027, 3, 21):
            fired = beat.tick(local(day.year, day.month, day.day, 8, 35))
            assert (TICK in fired) is (day.weekday() == 0), day
            beat.tick(local(day.year, day.month, day.day, 20))
            if day.weekday() == 0:
                assert hall_digests_tick.apply().get() == 0  # the tick twice (a retry, a second beat)
            day += datetime.timedelta(days=1)
    sent = RobotDelivery.objects.order_by("created_at", "pk")
    assert [(r.key, r.hall.code, r.kind) for r in sent] == [
        (f"digest:2027-W{week}", hall, kind)
        for week in ("09", "10", "11")
        for hall, kind in (("HA", "wecom"), ("HA", "dingtalk"), ("HB", "wecom"))
    ]
    assert {r.created_at.astimezone(local(2027, 1, 1).tzinfo).weekday() for r in sent} == {0}
    assert set(sent.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(robot_server.received) == 9

    week10 = RobotDelivery.objects.get(robot=robots_of_a["wecom"], key="digest:2027-W10").text
    assert "**本周逾期**" in week10
    assert f"{org['staff_a1'].name}（A1）：" in week10 and "新业务 5G 套餐" in week10
    assert "5G 套餐，03-04 10:00 前完成培训" in week10
    assert f"{org['staff_a1'].name}（A1）：安全保密上岗证 2027-03-20 到期" in week10
    hall_b = RobotDelivery.objects.get(hall=org["hall_b"], key="digest:2027-W10").text
    assert "（A1）" not in hall_b and "（B1）" in hall_b
    week11 = RobotDelivery.objects.get(robot=robots_of_a["wecom"], key="digest:2027-W11").text
    assert "5G 套餐" not in week11  # news of the week before is not repeated
    assert "2027-03-20 到期" in week11
    week9 = RobotDelivery.objects.get(robot=robots_of_a["wecom"], key="digest:2027-W09").text
    assert "2027-03-20 到期" in week9 and "5G 套餐" not in week9  # 19 days ahead; the launch came later


def test_a_disabled_robot_gets_nothing(org, robots_of_a, robot_server, django_capture_on_commit_callbacks):
    HallRobot.objects.filter(kind=RobotKind.DINGTALK).update(enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert hall_digests_tick.apply(args=[local(2027, 3, 8, 8, 30).isoformat()]).get() == 1
    assert [service for service, _body in robot_server.received] == ["wecom"]


def test_the_digest_takes_the_same_queries_for_one_hall_or_three_with_more_people(org, robot_server, news):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            hall_digests_send(at=local(2027, 3, 8, 8, 30))
        RobotDelivery.objects.all().delete()
        return len(ctx.captured_queries)

    HallRobot.objects.create(hall=org["hall_a"], kind=RobotKind.WECOM, webhook_url=robot_server.wecom_url)
    count()  # warm the caches (settings, content types)
    one = count()
    for code in ("HC", "HD"):
        hall = make_hall(code=code, name=f"{code}厅")
        for n in range(4):
            make_staff(hall, staff_no=f"{code}{n}")
        HallRobot.objects.create(hall=hall, kind=RobotKind.WECOM, webhook_url=robot_server.wecom_url)
    assert count() == one
