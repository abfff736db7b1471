"""Trainer, hall manager and HR reach the sessions list by clicking from the landing page, filter it by
hall and page through it, on a phone (360 px) and a desktop (1280 px); screenshots kept as artefacts."""

import datetime

import pytest
from django.utils import timezone

from tests.browser import body_scrolls_sideways, chromium, chromium_available, click_link, log_in, screenshot
from trainings.models import Attendance, AttendanceMethod, TrainingSession

pytestmark = pytest.mark.browser


@pytest.fixture
def history(org):
    """30 sessions of hall A over the last weeks (the newest all-day), 3 of hall B."""
    now = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    a1 = org["staff_a1"]
    for i in range(33):
        start = now - datetime.timedelta(days=i)
        end = start + datetime.timedelta(hours=1)
        if i == 0:
            start, end = start.replace(hour=0), start.replace(hour=23, minute=59)
        hall = org["hall_a"] if i < 30 else org["hall_b"]
        session = TrainingSession.objects.create(
            topic=f"{hall.name}第{i + 1}次培训", trainer=org["trainer"], starts_at=start, ends_at=end
        )
        session.halls.set([hall])
        if hall == org["hall_a"]:
            session.invitees.set([a1, org["staff_a2"]])
            Attendance.objects.create(session=session, staff=a1, checked_in_at=start, method=AttendanceMethod.SHEET)


@pytest.mark.parametrize("mobile", [True, False], ids=["360px", "1280px"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_organisers_click_to_the_sessions_filter_by_hall_and_page(live_server, org, history, mobile):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    if not chromium_available():
        pytest.skip("headless Chromium not installed")
    driver = chromium(mobile=True, size=(360, 800)) if mobile else chromium(size=(1280, 900))
    driver.implicitly_wait(5)
    wait = WebDriverWait(driver, 10)
    try:
        for role, user in (("trainer", org["trainer"]), ("manager", org["manager_a"].user), ("hr", org["hr"])):
            log_in(driver, live_server.url, user)
            click_link(driver, "培训场次与签到表")
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "table.sessions"))
            main = driver.find_element(By.TAG_NAME, "main").text
            assert "全天" in main and "到 1 / 应到 2" in main
            assert not body_scrolls_sideways(driver)
            screenshot(driver, f"{role}-sessions")
            Select(driver.find_element(By.ID, "id_hall")).select_by_visible_text(org["hall_a"].name)
            click_link(driver, "筛选")
            wait.until(lambda d: "hall=" in d.current_url)
            assert "共 30 场" in driver.find_element(By.TAG_NAME, "main").text
            rows = driver.find_elements(By.CSS_SELECTOR, "table.sessions tbody tr")
            assert len(rows) == 25 and org["hall_b"].name not in driver.find_element(By.TAG_NAME, "tbody").text
            screenshot(driver, f"{role}-sessions-hall")
            click_link(driver, "下一页")
            wait.until(lambda d: "page=2" in d.current_url)
            assert "第 2 / 2 页" in driver.find_element(By.CSS_SELECTOR, ".pagination").text
            assert len(driver.find_elements(By.CSS_SELECTOR, "table.sessions tbody tr")) == 5
            assert not body_scrolls_sideways(driver)
            screenshot(driver, f"{role}-sessions-page2")
    finally:
        driver.quit()
