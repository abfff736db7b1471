"""Quizzes in headless Chromium: autosave, reload, offline, confirm and submit on a phone; a trainer's preview."""

import time

import pytest
from django.conf import settings
from django.test import Client

from exams.attempts import attempt_start
from exams.models import Answer, Attempt
from people import roles
from tests.browser import chromium, chromium_available
from tests.conftest import make_staff, make_user

from .utils import load_fixture_bank, make_quiz

pytestmark = pytest.mark.browser


@pytest.fixture
def browser():
    if not chromium_available():
        pytest.skip("headless Chromium not installed")
    driver = chromium(size=(360, 740))
    yield driver
    driver.quit()


def wait_for(predicate, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def _next(driver) -> None:
    """Press 下一题 once the page's script has shown it (after a reload it restores the position first)."""
    from selenium.webdriver.common.by import By

    button = driver.find_element(By.CSS_SELECTOR, "[data-step='1']")
    wait_for(button.is_displayed)
    button.click()


def _main_text(driver) -> str:
    """The page's main text; "" while the script's navigation to the next page is still under way."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By

    try:
        return driver.find_element(By.TAG_NAME, "main").text
    except (NoSuchElementException, StaleElementReferenceException):
        return ""


def login(driver, live_server, user):
    client = Client()
    client.force_login(user)
    driver.get(live_server.url + "/accounts/login/")
    driver.add_cookie(
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "path": "/"}
    )


def test_answers_survive_reload_and_offline_then_submit(transactional_db, live_server, browser):
    from selenium.webdriver.common.by import By

    bank = load_fixture_bank()
    staff = make_staff()
    quiz = make_quiz([bank["t-003"], bank["t-004"]], layout="all", review="full")
    attempt = attempt_start(staff=staff, quiz=quiz)
    login(browser, live_server, staff.user)
    url = f"{live_server.url}/exams/attempt/{attempt.pk}/"
    browser.get(url)
    tf = bank["t-003"].pk
    browser.find_element(By.CSS_SELECTOR, f"input[name='q{tf}'][value='true']").click()
    wait_for(lambda: Answer.objects.filter(attempt=attempt, question_id=tf, response=True).exists())

    browser.get(url)
    assert browser.find_element(By.CSS_SELECTOR, f"input[name='q{tf}'][value='true']").is_selected()

    browser.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
    fill = browser.find_element(By.NAME, f"q{bank['t-004'].pk}")
    fill.send_keys("２")
    wait_for(
        lambda: (
            str(bank["t-004"].pk)
            in (
                browser.execute_script("return localStorage.getItem(arguments[0])", f"peixun-attempt-{attempt.pk}")
                or ""
            )
        )
    )
    assert not Answer.objects.filter(attempt=attempt, question=bank["t-004"]).exists()
    browser.set_network_conditions(offline=False, latency=0, download_throughput=-1, upload_throughput=-1)
    browser.execute_script("window.dispatchEvent(new Event('online'))")
    wait_for(lambda: Answer.objects.filter(attempt=attempt, question=bank["t-004"], response="２").exists())

    browser.find_element(By.CSS_SELECTOR, "#attempt-form button[type=submit]").click()
    browser.switch_to.alert.accept()
    wait_for(lambda: "/result/" in browser.current_url)
    wait_for(lambda: "100" in _main_text(browser))
    attempt.refresh_from_db()
    assert attempt.state == "finished" and float(attempt.score) == 100.0


def test_hand_in_while_offline_waits_for_the_connection_and_carries_the_unsent_answer(
    transactional_db, live_server, browser
):
    from selenium.webdriver.common.by import By

    bank = load_fixture_bank()
    staff = make_staff()
    quiz = make_quiz([bank["t-003"], bank["t-004"]], layout="all", review="full")
    attempt = attempt_start(staff=staff, quiz=quiz)
    login(browser, live_server, staff.user)
    browser.get(f"{live_server.url}/exams/attempt/{attempt.pk}/")
    tf = bank["t-003"].pk
    browser.find_element(By.CSS_SELECTOR, f"input[name='q{tf}'][value='true']").click()
    wait_for(lambda: Answer.objects.filter(attempt=attempt, question_id=tf).exists())

    browser.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
    browser.find_element(By.NAME, f"q{bank['t-004'].pk}").send_keys("两")
    key = f"peixun-attempt-{attempt.pk}"
    wait_for(
        lambda: (
            str(bank["t-004"].pk) in (browser.execute_script("return localStorage.getItem(arguments[0])", key) or "")
        )
    )
    browser.find_element(By.CSS_SELECTOR, "#attempt-form button[type=submit]").click()
    browser.switch_to.alert.accept()
    wait_for(lambda: "恢复连接后自动交卷" in browser.find_element(By.ID, "status").text)
    attempt.refresh_from_db()
    assert attempt.state == "open" and "/exams/attempt/" in browser.current_url

    browser.set_network_conditions(offline=False, latency=0, download_throughput=-1, upload_throughput=-1)
    browser.execute_script("window.dispatchEvent(new Event('online'))")
    wait_for(lambda: "已交卷" in browser.find_element(By.ID, "status").text)
    wait_for(lambda: "/result/" in browser.current_url)
    wait_for(lambda: "100" in _main_text(browser))
    attempt.refresh_from_db()
    assert attempt.state == "finished" and float(attempt.score) == 100.0
    assert Answer.objects.get(attempt=attempt, question=bank["t-004"]).response == "两"
    assert browser.execute_script("return localStorage.getItem(arguments[0])", key) is None


def test_one_question_per_screen_navigation(transactional_db, live_server, browser):
    from selenium.webdriver.common.by import By

    bank = load_fixture_bank()
    staff = make_staff()
    quiz = make_quiz([bank["t-001"], bank["t-003"], bank["t-004"]], layout="one")
    attempt = attempt_start(staff=staff, quiz=quiz)
    login(browser, live_server, staff.user)
    browser.get(f"{live_server.url}/exams/attempt/{attempt.pk}/")
    visible = [fs.is_displayed() for fs in browser.find_elements(By.CSS_SELECTOR, "fieldset.question")]
    assert visible == [True, False, False]
    browser.find_element(By.CSS_SELECTOR, "[data-step='1']").click()
    visible = [fs.is_displayed() for fs in browser.find_elements(By.CSS_SELECTOR, "fieldset.question")]
    assert visible == [False, True, False]
    assert browser.find_element(By.ID, "question-pos").text == "2 / 3"


def test_all_on_one_page_shows_every_question_and_no_navigation(transactional_db, live_server, browser):
    from selenium.webdriver.common.by import By

    bank = load_fixture_bank()
    staff = make_staff()
    attempt = attempt_start(staff=staff, quiz=make_quiz([bank["t-001"], bank["t-003"]], layout="all"))
    login(browser, live_server, staff.user)
    browser.get(f"{live_server.url}/exams/attempt/{attempt.pk}/")
    assert all(fs.is_displayed() for fs in browser.find_elements(By.CSS_SELECTOR, "fieldset.question"))
    assert not browser.find_element(By.CSS_SELECTOR, ".question-nav").is_displayed()


@pytest.fixture
def phone():
    """A 360 px wide phone (Chromium's mobile emulation, touch and device metrics)."""
    if not chromium_available():
        pytest.skip("headless Chromium not installed")
    driver = chromium(mobile=True, size=(360, 740))
    yield driver
    driver.quit()


def _fits_the_screen(driver):
    width = driver.execute_script("return window.innerWidth")
    return width == 360 and driver.execute_script("return document.documentElement.scrollWidth") <= width


def _option(driver, question, text):
    from selenium.webdriver.common.by import By

    xpath = f"//fieldset[@data-question='{question.pk}']//label[contains(., '{text}')]/input"
    return driver.find_element(By.XPATH, xpath)


def test_staff_on_a_phone_takes_a_quiz_from_its_page_reloads_midway_loses_nothing_and_sees_the_result(
    transactional_db, live_server, phone
):
    from selenium.webdriver.common.by import By

    bank = load_fixture_bank()
    staff = make_staff()
    single, truefalse, fill = bank["t-001"], bank["t-003"], bank["t-004"]
    quiz = make_quiz([single, truefalse, fill], layout="one", review="full", shuffle_choices=True, pass_mark=60)
    login(phone, live_server, staff.user)
    phone.get(f"{live_server.url}/exams/")
    assert _fits_the_screen(phone)
    phone.find_element(By.LINK_TEXT, quiz.title).click()
    phone.find_element(By.XPATH, "//button[contains(., '开始作答')]").click()
    wait_for(lambda: "/exams/attempt/" in phone.current_url)
    assert _fits_the_screen(phone)

    _option(phone, single, "三声").click()
    _next(phone)
    _option(phone, truefalse, "对").click()
    wait_for(lambda: Answer.objects.filter(question__in=[single, truefalse]).count() == 2)

    phone.refresh()
    assert _option(phone, single, "三声").is_selected() and _option(phone, truefalse, "对").is_selected()
    assert phone.find_element(By.ID, "question-pos").text == "2 / 3"
    _next(phone)
    phone.find_element(By.NAME, f"q{fill.pk}").send_keys("两")
    wait_for(lambda: Answer.objects.filter(question=fill, response="两").exists())
    phone.refresh()
    assert phone.find_element(By.NAME, f"q{fill.pk}").get_attribute("value") == "两"

    phone.find_element(By.CSS_SELECTOR, "#attempt-form button[type=submit]").click()
    phone.switch_to.alert.accept()
    wait_for(lambda: "/result/" in phone.current_url)
    wait_for(lambda: "100.00 / 100" in _main_text(phone))
    main = _main_text(phone)
    assert "100.00 / 100" in main and "通过" in main and "三声之内接起" in main
    assert _fits_the_screen(phone)


def test_trainer_previews_a_quiz_in_the_staff_look_and_nothing_is_saved(transactional_db, live_server, browser):
    from selenium.webdriver.common.by import By

    bank = load_fixture_bank()
    trainer = make_user("trainer-preview", roles.TRAINER)
    quiz = make_quiz([bank["t-001"], bank["t-003"]], layout="one", pass_mark=60)
    login(browser, live_server, trainer)
    browser.get(f"{live_server.url}/admin/exams/preview/quiz/{quiz.pk}/")
    wait_for(lambda: "?seed=" in browser.current_url)
    _option(browser, bank["t-001"], "三声").click()
    browser.find_element(By.CSS_SELECTOR, "[data-step='1']").click()
    _option(browser, bank["t-003"], "错").click()
    assert browser.execute_script("return localStorage.length") == 0
    browser.find_element(By.CSS_SELECTOR, "#attempt-form button[type=submit]").click()
    browser.switch_to.alert.accept()
    wait_for(lambda: browser.find_elements(By.ID, "preview-result"))
    result = browser.find_element(By.ID, "preview-result").text
    assert "50.00 / 100" in result and "未通过" in result
    assert Attempt.objects.count() == 0 and Answer.objects.count() == 0


def test_on_a_phone_a_failed_assignment_offers_a_retake_which_then_passes(transactional_db, live_server, phone):
    import datetime

    from django.utils import timezone
    from selenium.webdriver.common.by import By

    from evidence.models import TrainingEvent

    from .utils import make_assignment

    bank = load_fixture_bank()
    staff = make_staff()
    truefalse = bank["t-003"]
    quiz = make_quiz([truefalse], title="本周礼仪测验", layout="one", review="full", attempts_allowed=2, pass_mark=60)
    assignment = make_assignment(staff, quiz, due_at=timezone.now() + datetime.timedelta(days=2))
    login(phone, live_server, staff.user)

    def answer_and_hand_in(text):
        wait_for(lambda: "/exams/attempt/" in phone.current_url and "/result/" not in phone.current_url)
        assert _fits_the_screen(phone)
        _option(phone, truefalse, text).click()
        wait_for(lambda: Answer.objects.filter(attempt__assignment=assignment, response=(text == "对")).exists())
        phone.find_element(By.CSS_SELECTOR, "#attempt-form button[type=submit]").click()
        phone.switch_to.alert.accept()
        wait_for(lambda: "/result/" in phone.current_url)

    phone.get(f"{live_server.url}/exams/")
    assert _fits_the_screen(phone)
    phone.find_element(By.XPATH, "//section[contains(@class,'work')]//button[contains(., '开始作答')]").click()
    answer_and_hand_in("错")
    wait_for(lambda: "重新作答" in _main_text(phone))
    assert "未通过，还可作答 1 次" in _main_text(phone) and "正确答案" not in _main_text(phone)
    assert _fits_the_screen(phone)
    result_url = phone.current_url
    for path in ("/courses/my/", f"/exams/quiz/{quiz.pk}/", "/exams/"):
        phone.get(live_server.url + path)
        assert "重新作答" in _main_text(phone) and _fits_the_screen(phone), path
    phone.get(result_url)

    phone.find_element(By.XPATH, "//button[contains(., '重新作答')]").click()
    answer_and_hand_in("对")
    wait_for(lambda: "该测验任务已通过" in _main_text(phone))
    main = _main_text(phone)
    assert "100.00 / 100" in main and "正确答案" in main and "重新作答" not in main
    assert _fits_the_screen(phone)
    assert Attempt.objects.filter(assignment=assignment).count() == 2
    assert TrainingEvent.objects.get(staff=staff).source_ref == assignment.source_ref
