"""A trainer's question bank in headless Chromium, by clicking only from the landing page: the editor shows
only the chosen type's fields and changes them when the type changes, the list names the type in Chinese,
and an imported bank's report names its types in Chinese; on a phone (360 px) and a desktop (1280 px)."""

import time

import pytest
from selenium.common.exceptions import ElementClickInterceptedException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from exams.models import QuestionCategory
from tests.browser import body_scrolls_sideways, chromium, chromium_available, click_link, log_in, screenshot

from .utils import FIXTURES

pytestmark = pytest.mark.browser

SIZES = [pytest.param((False, (1280, 900)), id="1280px"), pytest.param((True, (360, 800)), id="360px")]


@pytest.fixture
def driver(request):
    if not chromium_available():
        pytest.skip("headless Chromium not installed")
    mobile, size = request.param
    driver = chromium(mobile=mobile, size=size)
    yield driver
    driver.quit()


def wait_for_path(driver, path: str):
    WebDriverWait(driver, 10).until(lambda d: d.current_url.split("?")[0].endswith(path))


def open_admin_menu_item(driver, *labels: str):
    """From the landing page: into the Wagtail admin, then through the sidebar (a phone first opens it)."""
    click_link(driver, "管理后台")
    wait_for_path(driver, "/admin/")
    for toggle in driver.find_elements(By.CSS_SELECTOR, "button[aria-label='切换侧边栏']"):
        if toggle.is_displayed():
            toggle.click()
    for label in labels:
        press(driver, label)


def press(driver, text: str):
    """``click_link``, tried again while something slides in the way (the phone's sidebar opening, the
    editor's "unsaved changes" footer)."""
    for _attempt in range(10):
        try:
            return click_link(driver, text)
        except ElementClickInterceptedException:
            time.sleep(0.5)
    return click_link(driver, text)


def shown_panels(driver) -> set[str]:
    """The answer panels the editor shows now, by the types each belongs to."""
    return {
        panel.get_attribute("data-question-types")
        for panel in driver.find_elements(By.CSS_SELECTOR, "[data-question-types]")
        if panel.is_displayed()
    }


@pytest.mark.parametrize("driver", SIZES, indirect=True)
def test_trainer_writes_a_question_seeing_only_its_type_fields(transactional_db, live_server, driver, org):
    QuestionCategory.objects.create(path="etiquette", name="etiquette")
    log_in(driver, live_server.url, org["trainer"])
    width = driver.execute_script("return window.innerWidth")
    open_admin_menu_item(driver, "考试", "题库")
    wait_for_path(driver, "/admin/exams/questions/")
    click_link(driver, "添加")
    wait_for_path(driver, "/admin/exams/questions/new/")
    assert shown_panels(driver) == set()

    kind = Select(driver.find_element(By.ID, "id_type"))
    Select(driver.find_element(By.ID, "id_category")).select_by_visible_text("服务礼仪")
    kind.select_by_visible_text("单选题")
    assert shown_panels(driver) == {"single multiple"}
    screenshot(driver, "trainer-question-single")
    kind.select_by_visible_text("匹配题")
    assert shown_panels(driver) == {"matching"}
    kind.select_by_visible_text("判断题")
    assert shown_panels(driver) == {"truefalse"}
    assert not body_scrolls_sideways(driver)

    text = f"工牌应佩戴在左胸前（{width} px）。"
    driver.find_element(By.ID, "id_text").send_keys(text)
    Select(driver.find_element(By.ID, "id_tf_answer")).select_by_visible_text("对")
    screenshot(driver, "trainer-question-truefalse")
    press(driver, "创建")
    wait_for_path(driver, "/admin/exams/questions/")

    row = driver.find_element(By.XPATH, f"//tr[contains(normalize-space(.), {text[:8]!r})]")
    assert "判断题" in row.text and "服务礼仪" in row.text and "truefalse" not in row.text
    assert not body_scrolls_sideways(driver)
    screenshot(driver, "trainer-question-list")


@pytest.mark.parametrize("driver", SIZES[:1], indirect=True)
def test_trainer_imports_a_bank_and_reads_the_types_in_chinese(transactional_db, live_server, driver, org):
    log_in(driver, live_server.url, org["trainer"])
    open_admin_menu_item(driver, "导入/导出试题")
    wait_for_path(driver, "/admin/exams/import/")
    driver.find_element(By.CSS_SELECTOR, "input[type='file']").send_keys(str(FIXTURES / "etiquette.yaml"))
    driver.find_element(By.CSS_SELECTOR, "form[enctype] button[type='submit']").click()
    report = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "table.listing"))
    names = [row.find_element(By.TAG_NAME, "td").text for row in report.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert names == ["单选题", "多选题", "判断题", "填空题", "排序题", "匹配题", "简答题"]
    screenshot(driver, "trainer-question-import")
