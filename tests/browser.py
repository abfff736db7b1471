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


def console_problems(driver) -> list[str]:
    """Return (and clear) the console's errors and Content-Security-Policy reports since the last call."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" or "Content Security Policy" in entry["message"]
    ]
