"""The site search is in the header of every front-end page for signed-in people, labelled for screen readers."""

import re

import pytest
from django.urls import reverse

FORM = re.compile(r'<form class="header-search" role="search" action="/search/" method="get">(.*?)</form>', re.S)


def _header_search(html: str) -> str:
    match = FORM.search(html)
    return match.group(1) if match else ""


@pytest.mark.parametrize(
    "url",
    [
        lambda course: reverse("home:landing"),
        lambda course: reverse("home:my_training"),
        lambda course: reverse("exams:quiz_list"),
        lambda course: course["lessons"][0].url,
        lambda course: course["module"].url,
        lambda course: reverse("courses:search") + "?q=投诉",
    ],
    ids=["landing", "my-training", "quizzes", "lesson", "module", "search"],
)
def test_every_front_end_page_has_the_header_search_with_a_label(client, course, org, url):
    client.force_login(org["staff_a1"].user)
    form = _header_search(client.get(url(course)).content.decode())
    assert '<label for="header-q" class="visually-hidden">搜索课程和课文</label>' in form
    assert 'id="header-q" type="search" name="q"' in form and 'aria-label="搜索"' in form


def test_the_header_search_finds_lessons(client, course, org):
    client.force_login(org["staff_a1"].user)
    html = client.get(reverse("courses:search"), {"q": "四个阶段"}).content.decode()
    assert "投诉处理的四个阶段" in html.split("的结果")[1]


def test_signed_out_pages_have_no_search(client, db):
    assert _header_search(client.get(reverse("login")).content.decode()) == ""
