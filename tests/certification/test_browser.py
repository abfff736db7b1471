"""On headless Chromium at 360 px (phone) and 1280 px: the 上岗认证 panel on 我的培训 and the matrix's
certification columns fit the page (nothing sticks out sideways; the matrix scrolls inside its frame)."""

import datetime

import pytest
from django.utils import timezone

from certification.models import Certificate, CertificateSource
from people.posts import Post
from tests.compliance.test_browser import log_in
from tests.conftest import make_staff

from .utils import make_exam, make_program

pytestmark = pytest.mark.browser
SCREENSHOTS = "var/screenshots"


def overflow(browser) -> int:
    return browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_the_panel_and_the_matrix_columns_fit_a_phone_and_a_desktop(transactional_db, browser, live_server, org):
    from selenium.webdriver.common.by import By

    today = timezone.localdate()
    exam = make_exam()
    sec = make_program(
        "SEC", name="安全保密上岗认证", exam=exam, practical_required=True, practical_description="模拟受理一笔业务"
    )
    make_program("CPL", name="投诉接待上岗认证", posts=[Post.HALL_MANAGER])
    make_program("CTR", name="综合受理上岗认证", posts=[Post.COUNTER])
    a1 = org["staff_a1"]
    Certificate.objects.create(
        number="SG-2025-000001",
        program=sec,
        staff=a1,
        issued_on=today - datetime.timedelta(days=700),
        expires_on=today + datetime.timedelta(days=23),
        source=CertificateSource.IMPORTED,
    )
    make_staff(org["hall_a"], staff_no="N1", hired_on=today - datetime.timedelta(days=25))

    log_in(browser, live_server, a1.user)
    browser.get(f"{live_server.url}/courses/my/")
    width = browser.execute_script("return window.innerWidth")
    text = browser.find_element(By.CSS_SELECTOR, "main").text
    assert "上岗认证" in text and "即将到期" in text and "还有 23 天到期" in text and "未取得" in text
    assert overflow(browser) == 0
    panel = browser.find_element(By.XPATH, "//section[h2[normalize-space()='上岗认证']]")
    panel.screenshot(f"{SCREENSHOTS}/certification-my-training-{width}.png")

    log_in(browser, live_server, org["manager_a"].user)
    browser.get(f"{live_server.url}/compliance/hall/HA/")
    header = browser.find_element(By.CSS_SELECTOR, "table.matrix thead").text
    assert "安全保密上岗认证" in header and "投诉接待上岗认证" in header
    assert "新岗宽限期" in browser.find_element(By.CSS_SELECTOR, "table.matrix tbody").text
    assert overflow(browser) == 0
    browser.find_element(By.CSS_SELECTOR, "table.matrix").screenshot(f"{SCREENSHOTS}/certification-hall-{width}.png")

    log_in(browser, live_server, org["hr"])
    browser.get(f"{live_server.url}/admin/compliance/report/")
    table = browser.find_element(By.CSS_SELECTOR, "table[aria-labelledby=people-h]")
    assert "安全保密上岗认证" in table.text and "即将到期" in table.text
    colour = browser.find_element(By.CSS_SELECTOR, ".cert-status.status-warn").value_of_css_property("font-weight")
    assert colour == "600"  # the admin stylesheet colours the status
    browser.save_screenshot(f"{SCREENSHOTS}/certification-overview-{width}.png")
