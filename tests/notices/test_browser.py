"""On headless Chromium at 360 px and 1280 px, by clicking only: a hall manager goes from the landing page
to the admin, opens their hall's robot, sends a test message and finds it sent in the message log."""

import pytest

from notices.models import DeliveryStatus, HallRobot, RobotDelivery, RobotKind
from tests.browser import body_scrolls_sideways, chromium, chromium_available, click_link, log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["phone", "desktop"])
def browser(request):
    if not chromium_available():
        pytest.skip("headless Chromium not installed")
    driver = chromium(mobile=request.param, size=(360, 800) if request.param else (1280, 900))
    yield driver
    driver.quit()


def open_menu(driver, text):
    """Open the admin's sidebar on a phone (it starts folded), then click ``text`` in it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    toggles = [
        e for e in driver.find_elements(By.CSS_SELECTOR, "button[aria-label][class*=sidebar]") if e.is_displayed()
    ]
    if driver.execute_script("return window.innerWidth") < 800 and toggles:
        toggles[0].click()
        xpath = f"//a[contains(normalize-space(.), {text!r})] | //button[contains(normalize-space(.), {text!r})]"
        WebDriverWait(driver, 10).until(  # the sidebar slides in
            lambda d: any(e.is_displayed() and e.rect["x"] >= 0 for e in d.find_elements(By.XPATH, xpath))
        )
    click_link(driver, text)


def test_a_hall_manager_sends_a_test_message_to_the_halls_robot_by_clicking(
    transactional_db, browser, live_server, org, robot_server, like_a_worker
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    robot = HallRobot.objects.create(hall=org["hall_a"], kind=RobotKind.WECOM, webhook_url=robot_server.wecom_url)
    HallRobot.objects.create(hall=org["hall_b"], kind=RobotKind.WECOM, webhook_url=robot_server.wecom_url)
    log_in(browser, live_server.url, org["manager_a"].user)
    click_link(browser, "管理后台")
    open_menu(browser, "通知渠道")
    click_link(browser, "群机器人")
    listing = browser.find_element(By.CSS_SELECTOR, "main").text
    assert org["hall_a"].name in listing and org["hall_b"].name not in listing
    assert "wecom-key-0001" not in browser.page_source
    screenshot(browser, "manager-robots")
    click_link(browser, org["hall_a"].name)
    assert "wecom-key-0001" not in browser.page_source
    click_link(browser, "发送测试消息")
    click_link(browser, "发送")
    WebDriverWait(browser, 10).until(lambda d: "/admin/notices/deliveries/inspect/" in d.current_url)
    text = browser.find_element(By.CSS_SELECTOR, "main").text
    assert "培训系统测试消息" in text and "已发送" in text
    assert not body_scrolls_sideways(browser)
    screenshot(browser, "manager-robot-test-sent")
    delivery = RobotDelivery.objects.get(robot=robot)
    assert delivery.status == DeliveryStatus.SENT and robot_server.received
