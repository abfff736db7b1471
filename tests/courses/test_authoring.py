"""Trainers author in the Wagtail admin: every block type is offered and a lesson using all of them edits."""

import pytest

from courses.blocks import LessonBodyBlock
from courses.models import LessonPage
from people import roles
from tests.conftest import make_user

BLOCK_TYPES = {
    "paragraph",
    "key_points",
    "image",
    "video",
    "phrase_table",
    "checklist",
    "steps",
    "scenario",
    "document",
    "knowledge_check",
}


def test_lesson_body_offers_the_training_blocks_and_no_raw_html():
    assert set(LessonBodyBlock.base_blocks) == BLOCK_TYPES
    for name, block in LessonBodyBlock.base_blocks.items():
        assert block.meta.icon and block.meta.template and block.get_description(), name


def test_knowledge_check_needs_a_correct_choice():
    from wagtail.blocks import StructBlockValidationError

    block = LessonBodyBlock.base_blocks["knowledge_check"]
    value = block.to_python({"question": "？", "choices": [{"text": "甲", "correct": False, "feedback": "否"}] * 2})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


@pytest.mark.parametrize("name", sorted(BLOCK_TYPES - {"image", "document", "video"}))
def test_block_previews_render(name):
    block = LessonBodyBlock.base_blocks[name]
    html = block.render(block.get_preview_value())
    assert html.strip()


def test_trainer_opens_the_add_and_edit_forms(client, course):
    trainer = make_user("author", roles.TRAINER)
    client.force_login(trainer)
    module = course["module"]
    response = client.get(f"/admin/pages/add/courses/lessonpage/{module.pk}/")
    assert response.status_code == 200
    lesson = LessonPage.objects.get(pk=course["lessons"][0].pk)
    response = client.get(f"/admin/pages/{lesson.pk}/edit/")
    page = response.content.decode()
    assert response.status_code == 200 and "knowledge_check" in page
    assert "action-submit" in page or "提交审核" in page or "Submit" in page
    assert "action-publish" not in page


def test_module_slug_my_is_reserved_for_my_training(course):
    from django.core.exceptions import ValidationError

    from courses.models import CourseIndexPage, ModulePage

    module = ModulePage(title="我的", slug="my", code="X", category="business")
    with pytest.raises(ValidationError):
        CourseIndexPage.objects.get().add_child(instance=module)


def test_trainer_edits_audience_in_the_admin_and_submits_it_for_review(client, course, org):
    from wagtail.models import WorkflowState
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from courses.models import ModulePage

    trainer = make_user("editor", roles.TRAINER)
    client.force_login(trainer)
    module = course["module"]
    data = nested_form_data(
        {
            "title": module.title,
            "slug": module.slug,
            "code": module.code,
            "category": module.category,
            "summary": "只给投诉岗。",
            "mandatory": "on",
            "estimated_minutes": 40,
            "comments": inline_formset([]),
        }
    )
    data |= {"audience_posts": ["complaint", "duty_manager"], "audience_halls": [org["hall_a"].pk]}
    data["action-submit"] = "Submit"
    response = client.post(f"/admin/pages/{module.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = ModulePage.objects.get(pk=module.pk).get_latest_revision_as_object()
    assert draft.audience_posts == ["complaint", "duty_manager"] and draft.summary == "只给投诉岗。"
    assert list(draft.audience_halls.all()) == [org["hall_a"]]
    assert ModulePage.objects.get(pk=module.pk).summary != "只给投诉岗。"
    assert WorkflowState.objects.filter(object_id=str(module.pk), status="in_progress").exists()


def _list(items):
    return {
        "count": len(items),
        **{str(i): {"value": v, "deleted": "", "order": i, "id": f"item-{i}"} for i, v in enumerate(items)},
    }


def test_trainer_writes_a_lesson_with_every_block_and_a_second_trainer_publishes_it(client, course, org):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    root = Collection.get_first_root_node()
    image = get_image_model().objects.create(title="站姿", file=get_test_image_file(), collection=root)
    doc = get_document_model()(title="自查表", collection=root)
    doc.file.save("check.txt", ContentFile(b"ok"), save=False)
    doc.save()
    video = get_document_model()(title="示范", collection=root)
    video.file.save("demo.mp4", ContentFile(b"mp4"), save=False)
    video.save()
    body = streamfield(
        [
            ("paragraph", rich_text("<p>先<b>倾听</b>。</p>")),
            ("key_points", {"heading": "要点", "points": _list(["首问负责"])}),
            ("image", {"image": image.pk, "alt": "站姿示意", "caption": ""}),
            ("video", {"embed": "", "file": video.pk, "caption": "示范"}),
            ("phrase_table", {"heading": "对照", "rows": _list([{"say": "请稍等", "never": "等着", "why": ""}])}),
            ("checklist", {"heading": "自查", "items": _list(["工牌"])}),
            ("steps", {"heading": "四个阶段", "steps": _list([{"title": "倾听", "detail": ""}])}),
            (
                "scenario",
                {"title": "排队", "situation": "等久了", "choices": _list(["道歉"]), "model_answer": "道歉", "why": ""},
            ),
            ("document", {"document": doc.pk, "title": ""}),
            (
                "knowledge_check",
                {
                    "question": "先做什么？",
                    "choices": _list(
                        [
                            {"text": "倾听", "correct": "on", "feedback": "对"},
                            {"text": "争辩", "correct": "", "feedback": "不对"},
                        ]
                    ),
                },
            ),
        ]
    )
    author, reviewer = make_user("author2", roles.TRAINER), make_user("reviewer2", roles.TRAINER)
    client.force_login(author)
    data = nested_form_data(
        {
            "title": "全部块",
            "slug": "all-blocks",
            "summary": "",
            "estimated_minutes": 5,
            "body": body,
            "comments": inline_formset([]),
        }
    )
    data["action-submit"] = "Submit"
    response = client.post(f"/admin/pages/add/courses/lessonpage/{course['module'].pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    lesson = LessonPage.objects.get(slug="all-blocks")
    assert not lesson.live
    draft = lesson.get_latest_revision_as_object()
    assert [b.block_type for b in draft.body] == [
        "paragraph",
        "key_points",
        "image",
        "video",
        "phrase_table",
        "checklist",
        "steps",
        "scenario",
        "document",
        "knowledge_check",
    ]
    task_state = lesson.current_workflow_state.current_task_state.specific
    client.force_login(reviewer)
    response = client.post(f"/admin/pages/workflow/action/{lesson.pk}/approve/{task_state.pk}/", {"comment": ""})
    assert response.status_code in (200, 302)
    lesson.refresh_from_db()
    assert lesson.live
    client.force_login(org["staff_a1"].user)
    page = client.get(lesson.url).content.decode()
    assert "站姿示意" in page and "首问负责" in page and "先做什么？" in page and "/documents/" in page


def test_a_trainer_with_a_staff_profile_previews_a_new_lesson(client, course):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    from tests.conftest import make_staff

    trainer = make_staff(staff_no="T9", role_names=(roles.STAFF, roles.TRAINER)).user
    client.force_login(trainer)
    url = f"/admin/pages/add/courses/lessonpage/{course['module'].pk}/preview/"
    check = {
        "question": "预览里的小问？",
        "choices": {
            "count": 2,
            "0": {"value": {"text": "甲", "correct": "on", "feedback": "对"}, "deleted": "", "order": 0, "id": "a"},
            "1": {"value": {"text": "乙", "correct": "", "feedback": "错"}, "deleted": "", "order": 1, "id": "b"},
        },
    }
    data = nested_form_data(
        {
            "title": "预览课",
            "slug": "preview",
            "summary": "",
            "estimated_minutes": 5,
            "body": streamfield([("knowledge_check", check)]),
            "comments": inline_formset([]),
        }
    )
    assert client.post(url, data).json()["is_valid"]
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200 and "预览里的小问？" in page and "我已读完" not in page
