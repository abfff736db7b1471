"""The Chinese home page, login/logout, the per-role landing page and the demo seed."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from people.models import Branch, Hall, Staff


@pytest.mark.django_db
def test_home_page_is_chinese_and_offers_login(client):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in page and "营业厅" in page and "登录" in page


@pytest.mark.django_db
def test_english_is_available(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page


@pytest.mark.django_db
def test_login_and_logout(client, org):
    response = client.post("/accounts/login/", {"username": "A1", "password": "pw-for-tests-123"})
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert "A1" in client.get("/me/").content.decode()
    client.post("/accounts/logout/")
    assert client.get("/me/").status_code == 302


@pytest.mark.django_db
def test_wrong_password_says_so(client, org):
    response = client.post("/accounts/login/", {"username": "A1", "password": "nope"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_landing_shows_each_role_what_exists(client, org):
    client.force_login(org["staff_a1"].user)
    page = client.get("/me/").content.decode()
    assert "我的档案" in page and "营业厅" in page and "导入员工名单" not in page
    client.force_login(org["manager_a"].user)
    page = client.get("/me/").content.decode()
    assert "我负责的营业厅" in page and "甲营业厅" in page and "乙营业厅" not in page
    client.force_login(org["hr"])
    page = client.get("/me/").content.decode()
    assert "全部营业厅" in page and "乙营业厅" in page and "导入员工名单" in page


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_makes_the_demo_logins():
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=StringIO())
        counts = (Branch.objects.count(), Hall.objects.count(), Staff.objects.count(), get_user_model().objects.count())
        call_command("seed_demo", stdout=StringIO())
    assert counts == (2, 4, 40, counts[3])
    assert (
        Branch.objects.count(),
        Hall.objects.count(),
        Staff.objects.count(),
        get_user_model().objects.count(),
    ) == counts
    User = get_user_model()
    for name in ("demo_staff", "demo_trainer", "demo_manager", "demo_hr"):
        assert User.objects.get(username=name).check_password("peixun-demo")
    assert Staff.objects.filter(is_backbone=True).exists()
    assert User.objects.get(username="demo_manager").staff.post == "hall_manager"


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug_or_force():
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=StringIO())
    assert not get_user_model().objects.filter(username="demo_hr").exists()
    call_command("seed_demo", "--force", stdout=StringIO())
    assert get_user_model().objects.filter(username="demo_hr").exists()


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese(client):
    page = client.get("/accounts/login/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="zh-hans">' in page
