"""Course pages and the learner's endpoints: who sees what, completion with and without JavaScript."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonProgress, ModuleAssignment

from .conftest import CHECK_ID, make_lesson


def test_lesson_page_renders_its_blocks_for_staff(client, course, org):
    client.force_login(org["staff_a1"].user)
    response = client.get(course["lessons"][0].url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "投诉处理的四个阶段" in page and "客户情绪激动时先做什么？" in page and "我已读完" in page


def test_course_pages_need_login(client, course):
    response = client.get(course["lessons"][0].url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_drafts_are_not_shown_to_staff(client, course, org):
    draft = make_lesson(course["module"], title="草稿课", slug="draft", live=False)
    client.force_login(org["staff_a1"].user)
    assert client.get("/courses/complaint/draft/").status_code == 404
    assert "草稿课" not in client.get(course["module"].url).content.decode()
    url = reverse("courses:lesson_check", args=[draft.pk])
    assert client.post(url, {"block_id": CHECK_ID, "choice": "0"}).status_code == 404
    assert not LessonProgress.objects.exists()


def test_check_answers_json_with_feedback(client, course, org):
    client.force_login(org["staff_a1"].user)
    lesson = course["lessons"][0]
    url = reverse("courses:lesson_check", args=[lesson.pk])
    response = client.post(url, {"block_id": CHECK_ID, "choice": "0"}, headers={"Accept": "application/json"})
    assert response.json() == {
        "ok": True,
        "message": "回答正确：先处理情绪。",
        "correct": True,
        "feedback": "先处理情绪。",
    }
    bad = client.post(url, {"block_id": CHECK_ID, "choice": "x"}, headers={"Accept": "application/json"})
    assert bad.status_code == 400 and bad.json()["ok"] is False


def test_no_js_button_is_refused_until_the_check_is_answered(client, course, org):
    client.force_login(org["staff_a1"].user)
    lesson = course["lessons"][0]
    complete = reverse("courses:lesson_complete", args=[lesson.pk])
    response = client.post(complete, follow=True)
    assert "请先答对本课的随堂小问" in response.content.decode()
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    check = reverse("courses:lesson_check", args=[lesson.pk])
    page = client.post(check, {"block_id": CHECK_ID, "choice": "1"}, follow=True).content.decode()
    assert "您的回答：解释规定" in page and "答错，请重答" in page
    assert "请先答对本课的随堂小问" in client.post(complete, follow=True).content.decode()
    client.post(check, {"block_id": CHECK_ID, "choice": "0"})
    response = client.post(complete, follow=True)
    assert "请认真阅读本课：还需" in response.content.decode()
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        response = client.post(complete, follow=True)
    assert "本课已完成。" in response.content.decode()
    assert LessonProgress.objects.get(staff=org["staff_a1"], lesson=lesson).completed_at is not None


def _text(element) -> str:
    return " ".join(element.itertext())


def test_a_refusal_without_javascript_is_shown_beside_the_button_not_at_the_top(client, course, org):
    from lxml import html

    client.force_login(org["staff_a1"].user)
    lesson = course["lessons"][0]
    client.post(reverse("courses:lesson_check", args=[lesson.pk]), {"block_id": CHECK_ID, "choice": "0"})
    response = client.post(reverse("courses:lesson_complete", args=[lesson.pk]), follow=True)
    tree = html.fromstring(response.content.decode())
    (reason,) = tree.xpath('//form[@class="complete-form"]//*[@id="lesson-status"]')
    assert "请认真阅读本课：还需" in _text(reason) and reason.get("aria-live") == "assertive"
    assert not any("请认真阅读本课" in _text(m) for m in tree.xpath('//ul[@class="messages"]'))
    button = tree.xpath('//form[@class="complete-form"]//button')[0]
    assert button.get("aria-describedby") == "lesson-status"


def test_a_wrong_check_answer_says_so_and_asks_again(client, course, org):
    from lxml import html

    client.force_login(org["staff_a1"].user)
    lesson = course["lessons"][0]
    url = reverse("courses:lesson_check", args=[lesson.pk])
    wrong = client.post(url, {"block_id": CHECK_ID, "choice": "1"}, headers={"Accept": "application/json"})
    assert wrong.json() == {
        "ok": True,
        "message": "回答有误：解释要放在后面。请再选一次。",
        "correct": False,
        "feedback": "解释要放在后面。",
    }
    page = client.post(url, {"block_id": CHECK_ID, "choice": "1"}, follow=True)
    (feedback,) = html.fromstring(page.content.decode()).xpath(
        f'//*[@id="block-{CHECK_ID}"]//*[contains(@class, "check-feedback")]'
    )
    assert "回答有误" in _text(feedback) and "请再选一次" in _text(feedback)


def test_users_without_staff_profile_cannot_record_progress(client, course, org):
    client.force_login(org["hr"])
    url = reverse("courses:lesson_complete", args=[course["lessons"][1].pk])
    assert client.post(url).status_code == 404


def test_my_training_shows_only_my_assignments_and_progress(client, course, org):
    from courses.progress import lesson_complete, lesson_open, module_assign

    module = course["module"]
    module_assign(module=module, staff_ids=[org["staff_a1"].pk, org["staff_a2"].pk], due_on=None)
    lesson, published = course["lessons"][1], course["lessons"][1].first_published_at
    lesson_open(staff=org["staff_a2"], lesson=lesson, now=published)
    lesson_complete(staff=org["staff_a2"], lesson=lesson, now=published + datetime.timedelta(minutes=30))
    client.force_login(org["staff_a1"].user)
    page = client.get(reverse("home:my_training")).content.decode()
    assert "TS-01 投诉处理" in page and "0/2 课" in page and "开始学习：投诉处理的四个阶段" in page
    client.force_login(org["staff_a2"].user)
    page = client.get(reverse("home:my_training")).content.decode()
    assert "1/2 课" in page
    client.force_login(org["staff_b1"].user)
    page = client.get(reverse("home:my_training")).content.decode()
    assert "投诉处理" not in page and "目前没有指派给您的课程" in page


def test_overdue_assignment_is_flagged(client, course, org):
    ModuleAssignment.objects.create(
        staff=org["staff_a1"], module=course["module"], due_on=datetime.date(2020, 1, 1), source="manual"
    )
    client.force_login(org["staff_a1"].user)
    assert "已逾期" in client.get(reverse("home:my_training")).content.decode()


def test_landing_page_summarises_my_training(client, course, org):
    ModuleAssignment.objects.create(
        staff=org["staff_a1"], module=course["module"], due_on=datetime.date(2020, 1, 1), source="manual"
    )
    client.force_login(org["staff_a1"].user)
    page = client.get("/me/").content.decode()
    assert reverse("home:my_training") in page
    assert "还有 1 门课程未完成" in page and "1 门已逾期" in page and "投诉处理 · 投诉处理的四个阶段" in page


@pytest.mark.parametrize("name", ["lesson_check", "lesson_complete", "lesson_position"])
def test_endpoints_refuse_get(client, course, org, name):
    client.force_login(org["staff_a1"].user)
    assert client.get(reverse(f"courses:{name}", args=[course["lessons"][0].pk])).status_code == 405


def test_reading_position_is_saved_for_resume(client, course, org):
    client.force_login(org["staff_a1"].user)
    lesson = course["lessons"][0]
    url = reverse("courses:lesson_position", args=[lesson.pk])
    assert client.post(url, {"position": CHECK_ID}).json() == {"ok": True}
    assert LessonProgress.objects.get(staff=org["staff_a1"], lesson=lesson).last_position == CHECK_ID
    bad = client.post(url, {"position": "<script>"})
    assert bad.status_code == 400 and LessonProgress.objects.get().last_position == CHECK_ID
