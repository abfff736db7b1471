"""Shared fixtures: small factories for the organisation and logged-in users of each role."""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from people import roles
from people.models import Branch, Hall, Staff
from people.posts import Post

pytest_plugins = ["tests.worker"]

_seq = itertools.count(1)


def make_branch(**kwargs) -> Branch:
    n = next(_seq)
    return Branch.objects.create(**{"code": f"B{n}", "name": f"分公司{n}"} | kwargs)


def make_hall(branch: Branch | None = None, **kwargs) -> Hall:
    n = next(_seq)
    return Hall.objects.create(**{"code": f"H{n}", "name": f"营业厅{n}", "branch": branch or make_branch()} | kwargs)


def make_user(username: str | None = None, *role_names: str):
    user = get_user_model().objects.create_user(username or f"u{next(_seq)}", password="pw-for-tests-123")
    user.groups.set(Group.objects.filter(name__in=role_names))
    return user


def make_staff(hall: Hall | None = None, *, user=None, role_names=(roles.STAFF,), **kwargs) -> Staff:
    n = next(_seq)
    values = {
        "staff_no": f"S{n:05d}",
        "name": f"员工{n}",
        "hall": hall or make_hall(),
        "post": Post.COUNTER,
        "hired_on": datetime.date(2020, 1, 1),
    } | kwargs
    if user is None:
        user = make_user(values["staff_no"], *role_names)
    return Staff.objects.create(user=user, **values)


@pytest.fixture
def org(db):
    """Two halls in two branches, each with a manager and two staff; a trainer of hall A; an HR user."""
    hall_a = make_hall(code="HA", name="甲营业厅")
    hall_b = make_hall(code="HB", name="乙营业厅")
    trainer = make_user("trainer", roles.TRAINER)
    hall_a.trainers.add(trainer)
    return {
        "hall_a": hall_a,
        "hall_b": hall_b,
        "manager_a": make_staff(
            hall_a, staff_no="MA", post=Post.HALL_MANAGER, role_names=(roles.STAFF, roles.HALL_MANAGER)
        ),
        "staff_a1": make_staff(hall_a, staff_no="A1"),
        "staff_a2": make_staff(hall_a, staff_no="A2"),
        "manager_b": make_staff(
            hall_b, staff_no="MB", post=Post.HALL_MANAGER, role_names=(roles.STAFF, roles.HALL_MANAGER)
        ),
        "staff_b1": make_staff(hall_b, staff_no="B1"),
        "trainer": trainer,
        "hr": make_user("hr", roles.HR),
    }


@pytest.fixture
def running(org):
    """A weekly session of hall A, by the trainer, running now (started ten minutes ago)."""
    from evidence.models import EventKind
    from trainings.services import session_create

    now = timezone.now()
    return session_create(
        trainer=org["trainer"],
        halls=[org["hall_a"]],
        kind=EventKind.WEEKLY,
        topic="投诉处理",
        starts_at=now - datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(minutes=50),
        place="二楼",
    )


def pytest_collection_modifyitems(items):
    """Give every transactional test (live server, real worker) serialized rollback.

    Flushing the database after such a test would otherwise also remove what the data migrations
    made (role groups, the home page, Wagtail's root page and locale) for every test after it.
    """
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is not None and ("transactional_db" in names or "live_server" in names):
            if "django_db_serialized_rollback" not in names:
                names.append("django_db_serialized_rollback")


@pytest.fixture(params=[(360, 800), (1280, 900)], ids=["phone", "desktop"])
def browser(request):
    """Headless Chromium as a phone (360 px) and as a desktop (1280 px); a test file may define its own."""
    from tests.browser import chromium, chromium_available

    if not chromium_available():
        pytest.skip("headless Chromium not installed")
    driver = chromium(mobile=request.param[0] < 500, size=request.param)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()
