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
