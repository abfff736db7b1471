"""One panel type and one registry (``lms.panels``) for the two person pages, "我的" and "我的培训"."""

import pytest
from wagtail import hooks

from lms.panels import LANDING, MY_TRAINING, PANELS, Panel, panels_for


def _request(rf, user):
    request = rf.get("/")
    request.user = user
    return request


def test_an_unknown_page_is_refused(rf, org):
    with pytest.raises(ValueError, match="unknown page"):
        panels_for(_request(rf, org["staff_a1"].user), page="landing-page")


def test_each_page_gets_its_panels_in_order_from_the_one_registry(rf, org):
    request = _request(rf, org["staff_a1"].user)
    landing = [p.template for p in panels_for(request, page=LANDING)]
    mine = [p.template for p in panels_for(request, page=MY_TRAINING)]
    assert mine == [
        "trainings/section_checkin.html",
        "compliance/section.html",
        "exams/section_quizzes.html",
        "courses/section_courses.html",
        "exams/section_quiz_history.html",
        "notices/section_notifications.html",
    ]
    assert landing[:3] == ["compliance/panel.html", "courses/panel_my_training.html", "exams/panel_quizzes.html"]
    assert not set(landing) & set(mine)
    assert all(isinstance(p, Panel) for p in panels_for(request, page=LANDING))


def test_every_registered_function_answers_for_both_pages_without_error(rf, org):
    request = _request(rf, org["hr"])
    for fn in hooks.get_hooks(PANELS):
        for page in (LANDING, MY_TRAINING):
            found = fn(request, page=page)
            assert found is None or isinstance(found, Panel)


def test_my_training_is_served_by_home_at_its_old_address(client, org):
    from django.urls import resolve, reverse

    from home import views

    assert reverse("home:my_training") == "/courses/my/" and reverse("home:landing") == "/me/"
    assert resolve("/courses/my/").func is views.my_training
    client.force_login(org["staff_a1"].user)
    old = client.get("/compliance/", follow=True)  # the address in notices sent before
    assert old.redirect_chain == [("/courses/my/", 302)] and "我的培训" in old.content.decode()
