"""Chinese search through Wagtail's search API, on SQLite and (when DATABASE_URL is postgres) PostgreSQL."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from courses.models import LessonPage
from courses.search_backend import segment_for_index, segment_for_query, segment_query

from .conftest import make_lesson, make_module


def test_cjk_runs_become_bigrams_and_characters():
    assert segment_for_index("投诉处理 ok") == " 投诉 诉处 处理 投 诉 处 理  ok"
    assert segment_for_query("四个阶段") == "四个 个阶 阶段"
    assert segment_for_query("投") == "投"
    assert segment_for_query("5G 套餐") == "5G 套餐"


def test_query_words_keep_their_operator():
    query = segment_query("投诉 保密")
    assert [q.query_string for q in query.subqueries] == ["投诉", "保密"]


@pytest.fixture
def searchable(db):
    module = make_module(title="安全保密", slug="security", category="security", summary="客户信息保密的底线。")
    stages = make_lesson(module, title="投诉处理的四个阶段", slug="stages", body=[])
    nails = make_lesson(
        module,
        title="上岗前的仪容",
        slug="grooming",
        body=[{"type": "checklist", "value": {"heading": "自查", "items": ["指甲修剪干净，不留长甲"]}}],
    )
    make_lesson(module, title="投诉草稿", slug="draft", body=[], live=False)
    return {"module": module, "stages": stages, "nails": nails}


def _titles(query, qs=None):
    return {p.title for p in (qs if qs is not None else Page.objects.live()).search(query)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("投诉", {"投诉处理的四个阶段"}),
        ("四个阶段", {"投诉处理的四个阶段"}),
        ("投诉处理的四个阶段", {"投诉处理的四个阶段"}),
        ("指甲", {"上岗前的仪容"}),
        ("保密", {"安全保密"}),
        ("投诉 指甲", set()),
    ],
)
def test_chinese_words_are_found_inside_titles_and_bodies(searchable, query, expected):
    assert _titles(query) == expected


def test_or_operator_and_models_other_than_page(searchable):
    found = {p.title for p in LessonPage.objects.live().search("投诉 指甲", operator="or")}
    assert found == {"投诉处理的四个阶段", "上岗前的仪容"}


def test_admin_page_search_uses_autocomplete_and_finds_chinese(searchable):
    assert {p.title for p in Page.objects.all().autocomplete("投诉")} >= {"投诉处理的四个阶段", "投诉草稿"}
    assert {p.title for p in Page.objects.all().autocomplete("四个阶")} == {"投诉处理的四个阶段"}


def test_backend_is_the_segmenting_variant_for_this_database(db):
    assert type(get_search_backend()).__name__.startswith("Segmenting")


def test_site_search_page_lists_live_pages_only(client, searchable, org):
    client.force_login(org["staff_a1"].user)
    page = client.get(reverse("courses:search"), {"q": "投诉"}).content.decode()
    assert "投诉处理的四个阶段" in page and "投诉草稿" not in page


def test_admin_search_finds_chinese(client, searchable, org):
    client.force_login(org["hr"])
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="pw-for-tests-123")
    client.force_login(admin)
    response = client.get("/admin/pages/search/", {"q": "四个阶段"})
    assert response.status_code == 200 and "投诉处理的四个阶段" in response.content.decode()
