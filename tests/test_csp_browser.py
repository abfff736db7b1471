"""The Content-Security-Policy holds in headless Chromium: the key pages, as each role, log no CSP
violation and no console error (landing, 我的培训, a lesson, a quiz attempt, the hall matrix, the Wagtail
admin dashboard and page editor)."""

import time

import pytest
from django.conf import settings
from django.test import Client

from exams.attempts import attempt_start
from tests.browser import chromium, chromium_available, console_problems
from tests.courses.conftest import make_lesson, make_module
from tests.exams.utils import load_fixture_bank, make_quiz

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="headless Chromium not installed"),
]


@pytest.fixture
def browser():
    driver = chromium(size=(1280, 900), console=True)
    yield driver
    driver.quit()


def _log_in(driver, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    driver.delete_all_cookies()
    driver.get(f"{live_server.url}/accounts/login/")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    driver.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": cookie, "path": "/"})


def _visit(driver, url: str) -> tuple[str, list[str]]:
    driver.get(url)
    deadline = time.monotonic() + 10
    while driver.execute_script("return document.readyState") != "complete" and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # deferred scripts and the admin's fetches
    return driver.current_url, console_problems(driver)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_key_pages_as_each_role_have_no_csp_violation_or_console_error(live_server, browser, org):
    from django.contrib.auth import get_user_model

    lesson = make_lesson(make_module(), title="投诉处理的四个阶段", slug="stages")
    bank = load_fixture_bank()
    staff = org["staff_a1"]
    attempt = attempt_start(staff=staff, quiz=make_quiz([bank["t-003"], bank["t-004"]], layout="all"))
    editor = get_user_model().objects.create_superuser("csp-editor", password="pw-for-tests-123")
    visits = {
        staff.user: ["/me/", "/courses/my/", lesson.url, f"/exams/attempt/{attempt.pk}/"],
        org["manager_a"].user: ["/me/", "/compliance/hall/"],
        org["trainer"]: ["/me/", "/compliance/hall/", "/admin/"],
        org["hr"]: ["/me/", "/records/exports/", "/admin/"],
        editor: ["/admin/", f"/admin/pages/{lesson.pk}/edit/"],
    }
    problems, seen = {}, []
    for user, paths in visits.items():
        _log_in(browser, live_server, user)
        for path in paths:
            landed, found = _visit(browser, f"{live_server.url}{path}")
            seen.append((user.username, path, landed.removeprefix(live_server.url)))
            if found:
                problems[(user.username, path)] = found
    assert problems == {}
    landed = dict(((u, p), at) for u, p, at in seen)
    assert landed[(staff.user.username, f"/exams/attempt/{attempt.pk}/")] == f"/exams/attempt/{attempt.pk}/"
    assert landed[("csp-editor", f"/admin/pages/{lesson.pk}/edit/")] == f"/admin/pages/{lesson.pk}/edit/"
    assert landed[(staff.user.username, lesson.url)] == lesson.url

    # The policy is enforced and the check sees it: an injected inline script is refused and reported.
    _log_in(browser, live_server, staff.user)
    _visit(browser, f"{live_server.url}/me/")
    browser.execute_script(
        "const s = document.createElement('script'); s.textContent = 'window.cspHole = 1'; document.body.append(s)"
    )
    time.sleep(0.3)
    assert browser.execute_script("return window.cspHole") is None
    assert any("Content Security Policy" in message for message in console_problems(browser))
