"""On headless Chromium at 360 px (phone) and 1280 px: a hall manager clicks from the landing page to the
hall matrix and on to a person's profile, and the person clicks to their own; every section is there,
the body never scrolls sideways and the wide tables scroll inside their box."""

import pytest

from tests.browser import body_scrolls_sideways, click_link, log_in, screenshot

from .profile_data import give_history

pytestmark = pytest.mark.browser

SECTIONS = ["上岗认证", "培训经历", "计入合规的培训", "测验成绩", "课程进度", "培训档案与评定"]


def check_profile(browser, *, name: str, staff_no: str, signed_only: bool):
    from selenium.webdriver.common.by import By

    assert browser.find_element(By.TAG_NAME, "h1").text.startswith(name)
    titles = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "details.profile-section > summary h2")]
    assert titles == SECTIONS
    transcript = browser.find_element(By.CSS_SELECTOR, ".profile-transcripts a")
    assert f"/records/transcripts/{staff_no}/?year=" in transcript.get_attribute("href")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "投诉处理演练" in main and "缺席" in main and "SG-2026-000001" in main and "2 / 3" in main
    assert ("未签署" in main) is not signed_only
    assert not body_scrolls_sideways(browser)
    if browser.execute_script("return window.innerWidth") < 500:
        table = browser.find_element(By.CSS_SELECTOR, "table.profile-results")
        box = browser.execute_script("return arguments[0].parentElement", table)
        assert browser.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", box)
    summary = browser.find_element(By.XPATH, "//summary[h2[normalize-space()='培训经历']]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()  # collapses the section
    assert not browser.find_element(By.CSS_SELECTOR, "table.profile-sessions").is_displayed()
    summary.click()
    assert browser.find_element(By.CSS_SELECTOR, "table.profile-sessions").is_displayed()


def test_a_hall_manager_clicks_from_the_matrix_to_a_persons_profile(transactional_db, browser, live_server, org):
    give_history(org)
    a1 = org["staff_a1"]
    a1.name = "王小明"
    a1.save()
    log_in(browser, live_server.url, org["manager_a"].user)
    click_link(browser, "营业厅培训矩阵与待办")
    click_link(browser, "王小明")
    check_profile(browser, name="王小明", staff_no="A1", signed_only=False)
    screenshot(browser, "manager-staff-profile")


def test_a_staff_member_clicks_to_their_own_profile(transactional_db, browser, live_server, org):
    give_history(org)
    log_in(browser, live_server.url, org["staff_a1"].user)
    click_link(browser, "查看我的完整档案")
    check_profile(browser, name=org["staff_a1"].name, staff_no="A1", signed_only=True)
    screenshot(browser, "staff-own-profile")
