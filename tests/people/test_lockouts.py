"""Failed logins lock a user name on one address (django-axes), HR unlocks; passwords and sessions
(issue 14, item 4)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.conftest import make_user

PASSWORD = "pw-for-tests-123"
LOGINS = [reverse("login"), reverse("wagtailadmin_login")]
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def attempt(client, url, username, password):
    return client.post(url, {"username": username, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def person(db):
    return make_user("QC01004")


@pytest.mark.parametrize("url", LOGINS)
def test_five_failures_lock_the_account_even_with_the_right_password(person, client, url):
    with time_machine.travel(START, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert attempt(client, url, "QC01004", "wrong").status_code == 200
        locked = attempt(client, url, "QC01004", "wrong")
        assert locked.status_code == 429
        assert "账号已暂时锁定" in locked.content.decode() and "30 分钟" in locked.content.decode()
        again = attempt(client, url, "QC01004", PASSWORD)
        assert again.status_code == 429 and "联系人力资源解锁" in again.content.decode()
        assert not logged_in(client)


def test_the_lock_ends_after_the_cool_off_and_not_before(person, client):
    url, cool = LOGINS[0], settings.AXES_COOLOFF_TIME
    with time_machine.travel(START, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, url, "QC01004", "wrong")
    with time_machine.travel(START + cool + datetime.timedelta(seconds=1), tick=False):
        assert attempt(client, url, "QC01004", PASSWORD).status_code == 302
        assert logged_in(client)


def test_trying_during_the_lock_starts_the_cool_off_again(person, client):
    url, cool, second = LOGINS[0], settings.AXES_COOLOFF_TIME, datetime.timedelta(seconds=1)
    with time_machine.travel(START, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, url, "QC01004", "wrong")
    with time_machine.travel(START + cool - second, tick=False):
        assert attempt(client, url, "QC01004", PASSWORD).status_code == 429
    with time_machine.travel(START + cool + second, tick=False):
        assert attempt(client, url, "QC01004", PASSWORD).status_code == 429
    with time_machine.travel(START + cool + second + cool + second, tick=False):
        assert attempt(client, url, "QC01004", PASSWORD).status_code == 302


def test_forty_failures_then_the_right_password_does_not_log_in(person, client):
    with time_machine.travel(START, tick=False):
        for _ in range(40):
            attempt(client, LOGINS[1], "QC01004", "wrong")
        attempt(client, LOGINS[1], "QC01004", PASSWORD)
        assert not logged_in(client)


def test_the_lock_is_per_user_name_and_address(person, db):
    other = make_user("QC01005")
    there = Client(REMOTE_ADDR="10.0.0.2")
    here = Client(REMOTE_ADDR="10.0.0.1")
    with time_machine.travel(START, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(here, LOGINS[0], "QC01004", "wrong")
        assert attempt(there, LOGINS[0], "QC01004", PASSWORD).status_code == 302
        assert attempt(Client(REMOTE_ADDR="10.0.0.1"), LOGINS[0], other.username, PASSWORD).status_code == 302


def test_a_success_before_the_limit_forgets_the_failures(person, client):
    with time_machine.travel(START, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(client, LOGINS[0], "QC01004", "wrong")
        assert attempt(client, LOGINS[0], "QC01004", PASSWORD).status_code == 302
        client.logout()
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(client, LOGINS[0], "QC01004", "wrong")
        assert attempt(client, LOGINS[0], "QC01004", PASSWORD).status_code == 302


def test_hr_sees_the_locked_account_in_the_admin_and_unlocks_it(person, org, client):
    hr = Client()
    with time_machine.travel(START, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, LOGINS[0], "QC01004", "wrong")
        hr.force_login(org["hr"])
        admin_home = hr.get(reverse("wagtailadmin_home")).content.decode()
        assert reverse("people_admin:lockouts") in admin_home
        page = hr.get(reverse("people_admin:lockouts")).content.decode()
        assert "QC01004" in page and "解锁" in page
        from axes.models import AccessAttempt

        pk = AccessAttempt.objects.get(username="QC01004").pk
        response = hr.post(reverse("people_admin:lockouts"), {"attempt": pk}, follow=True)
        assert "已解锁" in response.content.decode() and "QC01004" not in response.content.decode()
        assert attempt(client, LOGINS[0], "QC01004", PASSWORD).status_code == 302
        assert (
            "已不在锁定中" in hr.post(reverse("people_admin:lockouts"), {"attempt": pk}, follow=True).content.decode()
        )
        assert hr.post(reverse("people_admin:lockouts"), {"attempt": "x"}).status_code == 302


@pytest.mark.parametrize("who", ["trainer", "manager_a"])
def test_only_hr_may_unlock(org, client, who):
    client.force_login(org[who] if who == "trainer" else org[who].user)
    assert client.get(reverse("people_admin:lockouts")).status_code in (302, 403)
    assert reverse("people_admin:lockouts") not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("password", ["12345678", "password1", "abc12", "QC01004x"])
def test_weak_passwords_are_refused(db, password):
    user = make_user("QC01004")
    with pytest.raises(ValidationError):
        password_validation.validate_password(password, user)


def test_the_demo_password_passes_the_validators(db):
    password_validation.validate_password(settings.PEIXUN_DEMO_PASSWORD, make_user("demo_staff"))


def test_a_session_ends_after_a_working_day(person, client):
    assert settings.SESSION_COOKIE_AGE == 10 * 3600
    with time_machine.travel(START, tick=False):
        attempt(client, LOGINS[0], "QC01004", PASSWORD)
        assert client.get(reverse("home:landing")).status_code == 200
    with time_machine.travel(START + datetime.timedelta(hours=9, minutes=59), tick=False):
        assert client.get(reverse("home:landing")).status_code == 200
    with time_machine.travel(START + datetime.timedelta(hours=10, minutes=1), tick=False):
        assert client.get(reverse("home:landing")).status_code == 302
