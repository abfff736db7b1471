"""A staff member's last mile, by clicking only from the landing page, at 360 px and 1280 px: a lesson's
refusals shown beside 我已读完, a knowledge check answered wrong then right, a failed quiz retaken from
我的培训 (the page locks at once after 交卷), and the header search. Screenshots are kept as artefacts."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from courses.models import LessonProgress, ModuleAssignment
from exams.models import Attempt
from tests.browser import body_scrolls_sideways, chromium, chromium_available, click_link, log_in, screenshot
from tests.exams.utils import load_fixture_bank, make_assignment, make_quiz

from .conftest import CHECK_ID, lesson_body, make_lesson, make_module

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="headless Chromium not installed"),
]

SIZES = {"phone": dict(mobile=True, size=(360, 740)), "desktop": dict(size=(1280, 900))}


@pytest.fixture(params=list(SIZES))
def driver(request):
    driver = chromium(**SIZES[request.param])
    driver.implicitly_wait(2)
    driver.kind = request.param
    yield driver
    driver.quit()


def wait(driver, predicate, timeout=30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: predicate())


def in_viewport(driver, element) -> bool:
    """Whether the element is wholly inside the window as the person sees it now."""
    return driver.execute_script(
        "var r = arguments[0].getBoundingClientRect();"
        "return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0"
        " && r.right <= window.innerWidth;",
        element,
    )


def main_text(driver) -> str:
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By

    try:
        return driver.find_element(By.TAG_NAME, "main").text
    except (NoSuchElementException, StaleElementReferenceException):
        return ""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_reads_answers_retakes_and_searches_by_clicking(live_server, driver, org):
    from selenium.webdriver.common.by import By

    staff = org["staff_a1"]
    name = f"staff-learner-{driver.kind}"
    module = make_module()
    paragraphs = [
        {"type": "paragraph", "value": f"<p>第 {i} 段：先倾听，再致歉，然后解决问题。</p>"} for i in range(10)
    ]
    lesson = make_lesson(module, title="投诉处理的四个阶段", slug="stages", body=lesson_body(extra=paragraphs))
    ModuleAssignment.objects.create(staff=staff, module=module, source="manual")
    bank = load_fixture_bank()
    truefalse = bank["t-003"]
    quiz = make_quiz([truefalse], title="本周礼仪测验", layout="one", attempts_allowed=2, pass_mark=60)
    assignment = make_assignment(staff, quiz, due_at=timezone.now() + datetime.timedelta(days=2))

    log_in(driver, live_server.url, staff.user)
    assert "/me/" in driver.current_url and not body_scrolls_sideways(driver)

    # The lesson, from the landing page's "接下来".
    click_link(driver, "投诉处理的四个阶段")
    wait(driver, lambda: driver.find_element(By.TAG_NAME, "h1").text == "投诉处理的四个阶段")
    assert not body_scrolls_sideways(driver)
    status = driver.find_element(By.ID, "lesson-status")
    click_link(driver, "我已读完")
    wait(driver, lambda: "请先答对本课的随堂小问" in status.text)
    assert in_viewport(driver, status) and status.get_attribute("aria-live") == "assertive"

    check = driver.find_element(By.CSS_SELECTOR, "form.knowledge-check")
    feedback = check.find_element(By.CSS_SELECTOR, ".check-feedback")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", check)
    check.find_elements(By.CSS_SELECTOR, "label")[1].click()  # 解释规定: wrong
    check.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver, lambda: "回答有误" in feedback.text)
    assert "请再选一次" in feedback.text and in_viewport(driver, feedback)
    assert not check.find_elements(By.CSS_SELECTOR, "input[name=choice]:checked")  # asked again
    item = driver.find_element(By.CSS_SELECTOR, f'.check-status li[data-check-id="{CHECK_ID}"]')
    assert "答错，请重答" in item.text
    screenshot(driver, f"{name}-check-wrong")
    click_link(driver, "我已读完")
    wait(driver, lambda: "请先答对本课的随堂小问" in status.text and in_viewport(driver, status))
    assert LessonProgress.objects.get(staff=staff, lesson=lesson).completed_at is None

    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", check)
    check.find_elements(By.CSS_SELECTOR, "label")[0].click()  # 倾听: right
    check.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver, lambda: "回答正确" in feedback.text)
    assert "已答对" in item.text
    driver.execute_script("window.scrollTo(0, 0)")
    click_link(driver, "我已读完")  # still too early: the reading time is counted on the server
    wait(driver, lambda: "请认真阅读本课：还需" in status.text)
    assert in_viewport(driver, status)
    screenshot(driver, f"{name}-lesson-too-early")
    assert LessonProgress.objects.get(staff=staff, lesson=lesson).completed_at is None
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        click_link(driver, "我已读完")
        wait(driver, lambda: "本课已完成" in status.text)
    assert LessonProgress.objects.get(staff=staff, lesson=lesson).completed_at is not None

    # The quiz, from the landing page's 我的测验: failed, then retaken from 我的培训.
    click_link(driver, "我的")
    click_link(driver, "本周礼仪测验")
    click_link(driver, "开始作答")
    wait(driver, lambda: "/exams/attempt/" in driver.current_url)
    driver.find_element(
        By.XPATH, f"//fieldset[@data-question='{truefalse.pk}']//label[contains(., '错')]/input"
    ).click()
    submit = driver.find_element(By.CSS_SELECTOR, "#attempt-form button[type=submit]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", submit)
    submit.click()
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(ec.alert_is_present()).accept()
    locked = driver.execute_script(
        "var b = document.querySelector('#attempt-form button[type=submit]');"
        "return !b || b.disabled || b.hidden || b.offsetParent === null;"
    )
    assert locked  # at once, before the server has answered
    wait(driver, lambda: "/result/" in driver.current_url and "重新作答" in main_text(driver), timeout=40)
    assert Attempt.objects.filter(assignment=assignment).count() == 1

    click_link(driver, "我的")
    assert "已作答 1/2 次" in main_text(driver)
    click_link(driver, "进入我的培训")
    wait(driver, lambda: "/courses/my/" in driver.current_url)
    todo = main_text(driver).split("测验记录")[0]
    assert "本周礼仪测验" in todo and "已作答 1/2 次，还可作答 1 次" in todo and "重新作答" in todo
    assert not body_scrolls_sideways(driver)
    screenshot(driver, f"{name}-my-training-retake")
    click_link(driver, "重新作答")
    wait(driver, lambda: "/exams/attempt/" in driver.current_url)
    assert Attempt.objects.get(assignment=assignment, number=2).state == "open"

    # The header search, on the attempt page like on every other.
    box = driver.find_element(By.ID, "header-q")
    assert box.is_displayed() and in_viewport(driver, box)
    assert driver.find_element(By.CSS_SELECTOR, "label[for=header-q]").get_attribute("textContent") == "搜索课程和课文"
    box.send_keys("四个阶段")
    driver.find_element(By.CSS_SELECTOR, ".header-search-go").click()
    wait(driver, lambda: "/search/" in driver.current_url)
    assert not body_scrolls_sideways(driver)
    screenshot(driver, f"{name}-search")
    click_link(driver, "投诉处理的四个阶段")
    wait(driver, lambda: driver.find_element(By.TAG_NAME, "h1").text == "投诉处理的四个阶段")
