"""On headless Chromium at 360 px and 1280 px, HR reaches the staff import by clicking from the landing page,
finds the XLSX template there (and on the leave import, through the admin's sidebar), and uploads a GBK CSV (as Chinese Excel saves "CSV"): the preview says how
the file was read."""

import pytest

from tests.browser import body_scrolls_sideways, click_link, log_in, screenshot

pytestmark = pytest.mark.browser

GBK_STAFF = (
    "staff_no,name,branch,hall_code,hall_name,post,is_backbone,hired_on,left_on\n"
    "S9,张敏,QC,HA,甲营业厅,综合受理,否,2021-03-01,\n"
).encode("gbk")


def _text_once_shown(driver, text: str) -> str:
    """The page's text once ``text`` is on it (the click's new page may still be loading)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, 15, ignored_exceptions=(StaleElementReferenceException,))
    wait.until(lambda d: text in d.find_element(By.TAG_NAME, "body").text)
    return driver.find_element(By.TAG_NAME, "body").text


def test_hr_clicks_to_the_staff_import_gets_the_template_and_previews_a_gbk_file(
    transactional_db, browser, live_server, org, tmp_path
):
    from selenium.webdriver.common.by import By

    log_in(browser, live_server.url, org["hr"])
    click_link(browser, "导入员工名单")
    link = browser.find_element(By.XPATH, "//a[contains(normalize-space(.), '下载 XLSX 模板')]")
    status, kind = browser.execute_async_script(
        "fetch(arguments[0]).then(r => arguments[1]([r.status, r.headers.get('content-type')]))",
        link.get_attribute("href"),
    )
    assert status == 200 and kind.startswith("application/vnd.openxmlformats")
    assert not body_scrolls_sideways(browser)
    screenshot(browser, "hr-imports-page")

    path = tmp_path / "员工.csv"
    path.write_bytes(GBK_STAFF)
    browser.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(path))
    click_link(browser, "上传并预览")
    body = _text_once_shown(browser, "确认导入")
    assert "文件读取方式：GB18030，逗号分隔" in body
    assert "张敏" in body and "确认导入" in body
    assert not body_scrolls_sideways(browser)
    screenshot(browser, "hr-imports-preview")

    if browser.execute_script("return window.innerWidth") >= 1024:  # the admin's sidebar is open on a desktop
        click_link(browser, "导入休假")
        _text_once_shown(browser, "假别")
        assert browser.find_element(By.XPATH, "//a[contains(normalize-space(.), '下载 XLSX 模板')]").is_displayed()
        screenshot(browser, "hr-imports-leave")
