"""On a phone-sized headless Chromium: the trainer ticks the sign-in sheet, a person checks in by code."""

import datetime

import pytest
from django.utils import timezone

from evidence.models import EventKind, TrainingEvent
from tests.browser import chromium, chromium_available
from tests.conftest import make_staff
from trainings.models import Attendance
from trainings.services import session_create

pytestmark = pytest.mark.browser


@pytest.fixture
def browser():
    if not chromium_available():
        pytest.skip("headless Chromium not installed")
    driver = chromium(size=(360, 800))
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def log_in(browser, live_server, user):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    user.set_password("pw-for-tests-123")
    user.save()
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/accounts/login/")
    browser.find_element(By.NAME, "username").send_keys(user.username)
    browser.find_element(By.NAME, "password").send_keys("pw-for-tests-123")
    browser.find_element(By.CSS_SELECTOR, "main form button").click()
    # The login page has an h1 too: wait for the redirect, or the next get() may cancel the POST.
    WebDriverWait(browser, 10).until(lambda b: "/accounts/login/" not in b.current_url)
    browser.find_element(By.CSS_SELECTOR, "main h1")


@pytest.mark.django_db(transaction=True)
def test_sheet_on_a_phone_and_self_check_in(browser, live_server, org):
    from selenium.webdriver.common.by import By

    now = timezone.now()
    session = session_create(
        trainer=org["trainer"],
        halls=[org["hall_a"]],
        kind=EventKind.WEEKLY,
        topic="仪容仪表",
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=1),
    )
    a1, a2 = org["staff_a1"], org["staff_a2"]
    log_in(browser, live_server, org["trainer"])
    browser.get(f"{live_server.url}/compliance/sessions/{session.pk}/sheet/")
    assert browser.find_element(By.CSS_SELECTOR, ".code").text == session.checkin_code
    browser.find_element(By.ID, f"p{a1.pk}").click()
    browser.find_element(By.NAME, f"score-{a1.pk}").send_keys("91")
    browser.find_element(By.XPATH, "//button[contains(., '保存签到表')]").click()
    assert "签到表已保存" in browser.find_element(By.CSS_SELECTOR, ".messages").text
    assert TrainingEvent.objects.get(staff=a1).score == 91

    log_in(browser, live_server, a2.user)
    browser.get(f"{live_server.url}/compliance/")
    browser.find_element(By.ID, "id_code").send_keys(session.checkin_code)
    browser.find_element(By.XPATH, "//button[normalize-space()='签到']").click()
    assert "签到成功" in browser.find_element(By.CSS_SELECTOR, ".messages").text
    assert Attendance.objects.get(staff=a2).method == "code"
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0  # nothing sticks out sideways on a narrow screen


def test_the_compliance_report_fits_a_phone_and_its_wide_tables_scroll_in_their_box(live_server, org):
    from selenium.webdriver.common.by import By

    from tests.browser import body_scrolls_sideways
    from tests.browser import log_in as sign_in

    if not chromium_available():
        pytest.skip("headless Chromium not installed")
    for n in range(8):
        make_staff(org["hall_a"], staff_no=f"W{n}", name=f"很长很长的名字{n}号员工", user=None)
    phone = chromium(mobile=True, size=(360, 740))
    try:
        phone.implicitly_wait(5)
        sign_in(phone, live_server.url, org["hr"])
        phone.get(f"{live_server.url}/compliance/overview/?hall={org['hall_a'].pk}")
        assert phone.execute_script("return window.innerWidth") == 360
        assert "/admin/compliance/report/" in phone.current_url
        assert "W7" in phone.find_element(By.ID, "listing-results").text
        table = phone.find_element(By.CSS_SELECTOR, "table[aria-labelledby=people-h]")
        box = phone.execute_script("return arguments[0].parentElement", table)
        assert phone.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", box)
        assert not body_scrolls_sideways(phone)
    finally:
        phone.quit()
