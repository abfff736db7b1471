"""Fast pages: a module or lesson renders in a fixed number of queries, however long the lesson.

Measured from Wagtail's serve view (routing, view restrictions, context, template including the base
template's role and permission lookups) for a signed-in staff member; the session and user lookups of
the middleware (2 queries, paid by every page) come on top. Lesson blocks are fragment-cached, so the
count is for a warm cache, the steady state.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cache import SessionStore
from django.core.cache import cache
from django.test import RequestFactory
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection
from wagtail.views import serve

from courses.progress import lesson_position_save

from .conftest import CHECK_ID, lesson_body, make_lesson

BUDGET = 12


def _render(user, url):
    request = RequestFactory().get(url)
    request.user = user
    request.session = SessionStore()
    response = serve(request, url)
    response.render()
    return response


@pytest.fixture
def long_lesson(course, org):
    image = get_image_model().objects.create(
        title="示意", file=get_test_image_file(), collection=Collection.get_first_root_node()
    )
    images = [
        {"type": "image", "value": {"image": image.pk, "alt": f"图{i}", "caption": ""}, "id": f"img-{i}"}
        for i in range(6)
    ]
    lesson = make_lesson(course["module"], title="长课", slug="long", body=lesson_body(extra=images))
    lesson_position_save(staff=org["staff_a1"], lesson=lesson, position=CHECK_ID, now=lesson.first_published_at)
    return lesson


@pytest.mark.parametrize("which", ["lesson", "module", "catalogue"])
def test_course_pages_render_within_the_query_budget(long_lesson, course, org, which, django_assert_max_num_queries):
    cache.clear()
    url = {"lesson": long_lesson.url, "module": course["module"].url, "catalogue": "/courses/"}[which]
    user = type(org["staff_a1"].user).objects.get(pk=org["staff_a1"].user.pk)
    assert _render(user, url).status_code == 200
    user = type(user).objects.get(pk=user.pk)
    with django_assert_max_num_queries(BUDGET):
        response = _render(user, url)
    expected = "投诉处理" if which == "catalogue" else long_lesson.title
    assert response.status_code == 200 and expected in response.content.decode()


def test_anonymous_readers_are_sent_to_login(long_lesson):
    request = RequestFactory().get(long_lesson.url)
    request.user = AnonymousUser()
    request.session = SessionStore()
    assert serve(request, long_lesson.url).status_code == 302


def test_my_training_costs_the_same_for_one_module_or_five(client, course, org, django_assert_max_num_queries):
    from django.urls import reverse

    from courses.progress import module_assign

    from .conftest import make_module

    staff = org["staff_a1"]
    client.force_login(staff.user)
    module_assign(module=course["module"], staff_ids=[staff.pk], due_on=None)
    client.get(reverse("home:my_training"))
    with django_assert_max_num_queries(20) as one:  # courses + the compliance section (a fixed report)
        client.get(reverse("home:my_training"))
    for i in range(4):
        module = make_module(title=f"模块{i}", slug=f"m{i}", code=f"M-{i}")
        make_lesson(module, title=f"课{i}", slug="l")
        module_assign(module=module, staff_ids=[staff.pk], due_on=None)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("home:my_training")).content.decode()
    assert "模块3" in page


def test_my_training_offers_to_resume_where_the_reader_stopped(client, course, org):
    from django.urls import reverse

    from courses.progress import module_assign

    staff, lesson = org["staff_a1"], course["lessons"][0]
    module_assign(module=course["module"], staff_ids=[staff.pk], due_on=None)
    lesson_position_save(staff=staff, lesson=lesson, position=CHECK_ID, now=lesson.first_published_at)
    client.force_login(staff.user)
    page = client.get(reverse("home:my_training")).content.decode()
    assert "从上次的位置继续：投诉处理的四个阶段" in page and f"{lesson.url}#block-{CHECK_ID}" in page


def test_search_page_cost_does_not_grow_with_results(client, course, org, django_assert_max_num_queries):
    from django.urls import reverse

    for i in range(5):
        make_lesson(course["module"], title=f"投诉案例{i}", slug=f"case-{i}", summary="案例")
    client.force_login(org["staff_a1"].user)
    url = reverse("courses:search")
    client.get(url, {"q": "回访"})
    with django_assert_max_num_queries(BUDGET) as one:
        assert "回访与记录" in client.get(url, {"q": "回访"}).content.decode()
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url, {"q": "投诉"}).content.decode()
    assert page.count("投诉案例") == 5
