"""A staff member reads a lesson on a 360 px wide phone screen in headless Chromium and completes it."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from courses.models import LessonProgress
from tests.browser import chromium, chromium_available

from .conftest import CHECK_ID, make_lesson, make_module

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="headless Chromium not installed"),
]


@pytest.fixture
def phone():
    driver = chromium(mobile=True, size=(360, 740))
    driver.implicitly_wait(2)
    yield driver
    driver.quit()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_reads_a_lesson_to_the_end_on_a_phone_and_completes_it(live_server, phone, org):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    module = make_module()
    paragraphs = [{"type": "paragraph", "value": f"<p>第 {i} 段：先倾听，再致歉。</p>"} for i in range(12)]
    from .conftest import lesson_body

    lesson = make_lesson(module, title="投诉处理的四个阶段", slug="stages", body=lesson_body(extra=paragraphs))
    staff = org["staff_a1"]

    phone.get(f"{live_server.url}/accounts/login/")
    phone.find_element(By.ID, "id_username").send_keys(staff.user.username)
    phone.find_element(By.ID, "id_password").send_keys("pw-for-tests-123")
    phone.find_element(By.ID, "id_password").submit()
    WebDriverWait(phone, 10).until(ec.url_contains("/me/"))

    phone.get(f"{live_server.url}{lesson.url}")
    assert phone.execute_script("return window.innerWidth") == 360
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 360
    assert phone.find_element(By.TAG_NAME, "h1").text == "投诉处理的四个阶段"

    check = phone.find_element(By.CSS_SELECTOR, "form.knowledge-check")
    phone.execute_script("arguments[0].scrollIntoView()", check)
    check.find_elements(By.CSS_SELECTOR, "label")[0].click()
    check.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    feedback = check.find_element(By.CSS_SELECTOR, ".check-feedback")
    WebDriverWait(phone, 10).until(lambda d: "先处理情绪" in feedback.text)
    assert "回答正确" in feedback.text
    assert "已答对" in phone.find_element(By.CSS_SELECTOR, f'.check-status li[data-check-id="{CHECK_ID}"]').text

    # At the end straight away: the server wants the reading time first, and the page says so right there.
    phone.execute_script("document.getElementById('lesson-end').scrollIntoView()")
    status = phone.find_element(By.ID, "lesson-status")
    WebDriverWait(phone, 10).until(lambda d: "还需" in status.text)
    assert "请认真阅读本课" in status.text
    assert LessonProgress.objects.get(staff=staff, lesson=lesson).completed_at is None

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        phone.find_element(By.CSS_SELECTOR, ".complete-form button").click()
        WebDriverWait(phone, 10).until(lambda d: "本课已完成" in status.text)
    assert LessonProgress.objects.get(staff=staff, lesson=lesson).completed_at is not None


def test_the_learner_progress_report_fits_a_phone(live_server, phone, org, transactional_db):
    from selenium.webdriver.common.by import By

    from courses.models import ModuleAssignment
    from tests.browser import body_scrolls_sideways, log_in

    module = make_module()
    make_lesson(module, title="投诉处理的四个阶段", slug="stages")
    for key in ("staff_a1", "staff_a2", "manager_a"):
        ModuleAssignment.objects.create(staff=org[key], module=module, source="manual")
    log_in(phone, live_server.url, org["manager_a"].user)
    phone.get(f"{live_server.url}/courses/progress/")
    assert "/admin/courses/progress/" in phone.current_url
    assert phone.execute_script("return window.innerWidth") == 360
    assert "0/1 课" in phone.find_element(By.ID, "listing-results").text
    assert not body_scrolls_sideways(phone)
