"""HR and a hall manager reach 培训合规总览 and the hall matrix by clicking from the landing page, at 360 px
and 1280 px: Chinese status labels, each person's name on one line in a first column that stays put while
the table scrolls sideways in its own box, no header broken mid-word, the body never wider than the window.
Screenshots are kept under ``$PEIXUN_VAR_DIR/artefacts/browser/``."""

import datetime

import pytest
from django.utils import timezone

from evidence.models import EventKind
from evidence.services import training_event_record
from tests.browser import body_scrolls_sideways, chromium, chromium_available, click_link, log_in, screenshot
from tests.conftest import make_staff

pytestmark = pytest.mark.browser

LINES = """
return Array.from(document.querySelectorAll(arguments[0])).map(el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const rects = Array.from(range.getClientRects()).filter(r => r.width > 0 && r.height > 0);
  const line = Math.max(...rects.map(r => r.height));
  const wrapped = rects.filter(r => r.top >= rects[0].bottom - 1).length;
  return {text: el.innerText, lines: wrapped ? 2 : 1, height: range.getBoundingClientRect().height, line: line};
});
"""
"""For each element: whether its text wraps, the height of its text and the height of one line of it."""

STICKY = """
const box = arguments[0], cell = box.querySelector('tbody th.person');
const before = cell.getBoundingClientRect().left;
box.scrollLeft = 200;
const moved = box.scrollLeft;
const after = cell.getBoundingClientRect().left;
const other = box.querySelector('tbody td').getBoundingClientRect().left;
box.scrollLeft = 0;
return {before: before, after: after, scrolled: moved, wide: box.scrollWidth > box.clientWidth, other: other};
"""


@pytest.fixture
def people(org):
    """Hall A with more people, long names among them, and a year of weekly trainings for some."""
    for n, name in enumerate(["欧阳长名字员工", "司马明月", "诸葛亮亮", "上官婉儿"]):
        make_staff(org["hall_a"], staff_no=f"W{n}", name=name, user=None)
    now = timezone.now()
    for n in range(3):
        day = now - datetime.timedelta(weeks=n + 1)
        training_event_record(
            staff_id=org["staff_a1"].pk, source="import", source_ref=f"w{n}", kind=EventKind.WEEKLY, occurred_at=day
        )
    return org


def single_lines(driver, selector, where):
    cells = driver.execute_script(LINES, selector)
    assert cells, f"no {selector} on {where}"
    broken = [c for c in cells if c["text"].strip() and (c["lines"] != 1 or c["height"] > 1.5 * c["line"])]
    assert broken == [], f"{where}: {selector} wraps"
    return cells


def check_table(driver, box_selector, where, *, phone):
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.CSS_SELECTOR, box_selector)
    single_lines(driver, f"{box_selector} tbody th.person", where)
    single_lines(driver, f"{box_selector} thead th", where)
    sticky = driver.execute_script(STICKY, box)
    if phone:
        assert sticky["wide"] and sticky["scrolled"] > 0, f"{where}: the table does not scroll in its box"
    if sticky["scrolled"]:
        assert abs(sticky["after"] - sticky["before"]) < 1, f"{where}: the name column moved: {sticky}"
    assert not body_scrolls_sideways(driver), f"{where}: the body scrolls sideways"


def visit(driver, live_server, user, role, *, phone):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    log_in(driver, live_server.url, user)
    assert driver.execute_script("return window.innerWidth") == (360 if phone else 1280)
    screenshot(driver, f"{role}-landing")
    click_link(driver, "培训合规总览")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "table.compliance-table"))
    text = driver.find_element(By.CSS_SELECTOR, "table.compliance-table").text
    assert "未完成" in text and "不适用" in text and "达标" not in text
    assert "缺 " in text and "/12" in text
    badges = driver.find_elements(By.CSS_SELECTOR, "table.compliance-table .status-badge")
    assert {b.get_attribute("data-status") for b in badges} >= {"missed", "n/a"}
    check_table(
        driver, "#listing-results .w-overflow-x-auto:has(> table.compliance-table)", f"{role} overview", phone=phone
    )
    screenshot(driver, f"{role}-compliance-overview")

    driver.back()  # back to the landing page, then on by clicking
    click_link(driver, "营业厅培训矩阵与待办")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "table.matrix"))
    legend = driver.find_element(By.CSS_SELECTOR, ".legend").text
    for label in ("已完成", "未完成", "待完成", "不适用"):
        assert label in legend
    check_table(driver, ".table-wrap:has(> table.matrix)", f"{role} matrix", phone=phone)
    single_lines(driver, "table.due .status-badge", f"{role} due list")
    single_lines(driver, ".legend-item", f"{role} legend")
    assert "欧阳长名字员工" in driver.find_element(By.CSS_SELECTOR, "table.matrix").text
    screenshot(driver, f"{role}-hall-matrix")


@pytest.mark.django_db(transaction=True)
def test_hr_and_a_manager_click_to_the_overview_and_the_matrix_on_a_phone_and_a_desktop(live_server, people):
    """One test for both sizes: a second transactional test would start without the roles' groups."""
    if not chromium_available():
        pytest.skip("headless Chromium not installed")
    for phone in (True, False):
        driver = chromium(mobile=True, size=(360, 740)) if phone else chromium(size=(1280, 900))
        try:
            driver.implicitly_wait(2)
            visit(driver, live_server, people["hr"], "hr", phone=phone)
            visit(driver, live_server, people["manager_a"].user, "manager", phone=phone)
        finally:
            driver.quit()
