"""A hall manager in headless Chromium at 360 px (phone) and 1280 px, by clicking only from the landing
page: signs an appraisal from the 待签署 list, and gets the hall report of a chosen period from the landing
page and from the hall matrix (the PDF is fetched as that user and read back)."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from records.models import Appraisal, AppraisalStatus, Rating
from tests.browser import body_scrolls_sideways, click_link, log_in, screenshot

from .helpers import needs_poppler, pdf_text

pytestmark = pytest.mark.browser


def main_text(driver) -> str:
    """The page's main text, once the page has settled (a navigation may replace ``main`` while it is read)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def read(d):
        try:
            return (
                d.execute_script("return document.readyState") == "complete"
                and d.find_element(By.CSS_SELECTOR, "main").text
            )
        except StaleElementReferenceException:
            return False

    return WebDriverWait(driver, 10, ignored_exceptions=(StaleElementReferenceException,)).until(read)


def choose_and_fetch(driver, user, *, part: str) -> bytes:
    """Pick ``part`` of this year in the period chooser on the page, submit, and return the linked PDF."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.ID, "hall-report-part")).select_by_value(part)
    click_link(driver, "生成营业厅培训报告")
    link = driver.find_element(By.XPATH, "//a[contains(., '下载营业厅培训报告')]")
    href = link.get_attribute("href")
    year = timezone.localdate().year
    assert href.endswith(f"/records/halls/HA/report/?year={year}&part={part}")
    assert not body_scrolls_sideways(driver)
    client = Client()
    client.force_login(user)
    url = urlsplit(href)
    response = client.get(f"{url.path}?{url.query}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@needs_poppler
def test_a_hall_manager_signs_and_gets_the_hall_report_by_clicking(transactional_db, browser, live_server, org):
    from selenium.webdriver.common.by import By

    org["staff_a1"].name = "李小龙"
    org["staff_a1"].save()
    draft = Appraisal.objects.create(
        staff=org["staff_a1"],
        trainer=org["trainer"],
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 5, 31),
        text="该学员服务礼仪规范，业务办理熟练。",
        rating=Rating.GOOD,
    )
    manager = org["manager_a"].user
    log_in(browser, live_server.url, manager)
    assert browser.current_url.endswith("/me/")

    # (a) 待签署 → the sign page → back to the landing page, the list now empty
    assert "待签署（1）" in main_text(browser)
    assert not body_scrolls_sideways(browser)
    screenshot(browser, "manager-landing")
    click_link(browser, "签署：李小龙")
    assert "/admin/records/appraisal/" in browser.current_url
    assert "该学员服务礼仪规范" in browser.find_element(By.CSS_SELECTOR, ".appraisal-text").text
    assert not browser.find_elements(By.XPATH, "//a[normalize-space()='编辑']")
    screenshot(browser, "manager-sign")
    click_link(browser, "营业厅经理签署")
    assert browser.current_url.endswith("/me/")
    text = main_text(browser)
    assert "已签署 李小龙 的学员综合评定 v1。" in text and "待签署（0）" in text and "签署：李小龙" not in text
    screenshot(browser, "manager-signed")
    draft.refresh_from_db()
    assert draft.status == AppraisalStatus.SIGNED and draft.signed_by == manager

    # (b) the hall report of a quarter, chosen on the landing page
    pdf = choose_and_fetch(browser, manager, part="q2")
    screenshot(browser, "manager-hall-report")
    year = timezone.localdate().year
    text = pdf_text(pdf)
    assert "甲营业厅" in text and f"{year}-04-01" in text and f"{year}-06-30" in text

    # … and of a month, chosen on the hall matrix
    click_link(browser, "我的")
    click_link(browser, "营业厅培训矩阵与待办")
    browser.find_element(By.CSS_SELECTOR, "details.hall-report summary").click()
    screenshot(browser, "manager-matrix-report")
    text = pdf_text(choose_and_fetch(browser, manager, part="m03"))
    assert "甲营业厅" in text and f"{year}-03-01" in text and f"{year}-03-31" in text
