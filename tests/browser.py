"""Headless Chromium for `browser` tests (Debian's chromium + chromedriver, no downloads)."""

import shutil

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")


def chromium_available() -> bool:
    return bool(shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER))


def chromium(*, mobile: bool = False, size: tuple[int, int] = (360, 800), console: bool = False):
    """Start a driver; ``mobile`` emulates a phone viewport (desktop windows are at least 500 px wide);
    ``console`` keeps the page's console messages for ``console_problems``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    if mobile:
        options.add_experimental_option(
            "mobileEmulation", {"deviceMetrics": {"width": size[0], "height": size[1], "pixelRatio": 2}}
        )
    else:
        options.add_argument(f"--window-size={size[0]},{size[1]}")
    if console:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def log_in(driver, base_url: str, user, password: str = "pw-for-tests-123"):
    """Sign ``user`` in through the login page and wait until it has moved on."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    user.set_password(password)
    user.save()
    driver.delete_all_cookies()
    driver.get(f"{base_url}/accounts/login/")
    driver.find_element(By.ID, "id_username").send_keys(user.username)
    driver.find_element(By.ID, "id_password").send_keys(password)
    driver.find_element(By.ID, "id_password").submit()
    WebDriverWait(driver, 10).until(lambda d: "/accounts/login/" not in d.current_url)


def body_scrolls_sideways(driver) -> bool:
    """Whether the page body is wider than the window (a table scrolling in its own box does not count)."""
    return driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth")


def console_problems(driver) -> list[str]:
    """Return (and clear) the console's errors and Content-Security-Policy reports since the last call."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" or "Content Security Policy" in entry["message"]
    ]


def screenshot(driver, name: str):
    """Save a full-page PNG as a test artefact under ``$PEIXUN_VAR_DIR/artefacts/browser/`` (kept after the
    run for people to look at) and return its path."""
    import base64
    import re

    from django.conf import settings

    folder = settings.VAR_DIR / "artefacts" / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    width = driver.execute_script("return window.innerWidth")
    height = driver.execute_script("return Math.max(document.documentElement.scrollHeight, window.innerHeight)")
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
    )
    path = folder / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}-{width}px.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def click_link(driver, text: str, timeout: int = 10):
    """Click the first visible link or button whose text contains ``text`` and wait for the click to land;
    browser tests of a role's tasks use this instead of typing addresses."""
    from selenium.common.exceptions import ElementClickInterceptedException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    xpath = (
        f"//a[contains(normalize-space(.), {text!r})] | //button[contains(normalize-space(.), {text!r})]"
        f" | //input[@type='submit' and contains(@value, {text!r})]"
    )

    def clicked(d):
        """Find and click; a menu still sliding in may cover the link for a moment, so try again then."""
        try:
            element = next((e for e in d.find_elements(By.XPATH, xpath) if e.is_displayed()), None)
            if element is None or not ec.element_to_be_clickable(element)(d):
                return False
            d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
            element.click()
        except (ElementClickInterceptedException, StaleElementReferenceException):
            return False
        return element

    return WebDriverWait(driver, timeout, poll_frequency=0.25).until(clicked)
