import pytest

from notices.models import HallRobot, RobotKind

from .robot_server import DING_SECRET, RobotServer


@pytest.fixture
def like_a_worker(monkeypatch):
    """Follow retries in-process as a worker would (eager mode otherwise propagates the ``Retry``)."""
    from lms.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


@pytest.fixture
def robot_server(like_a_worker):
    with RobotServer() as server:
        yield server


@pytest.fixture
def robots_of_a(org, robot_server):
    """Hall A's two robots, both pointing at the stand-in server."""
    hall = org["hall_a"]
    return {
        "wecom": HallRobot.objects.create(hall=hall, kind=RobotKind.WECOM, webhook_url=robot_server.wecom_url),
        "dingtalk": HallRobot.objects.create(
            hall=hall, kind=RobotKind.DINGTALK, webhook_url=robot_server.dingtalk_url, secret=DING_SECRET
        ),
    }
