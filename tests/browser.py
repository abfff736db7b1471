"""Headless Chromium for `browser` tests (Debian's chromium + chromedriver, no downloads)."""

import shutil

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")


def chromium_available() -> bool:
    return bool(shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER))


def chromium(*, mobile: bool = False, size: tuple[int, int] = (360, 800)):
    """Start a driver; ``mobile`` emulates a phone viewport (desktop windows are at least 500 px wide)."""
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
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
