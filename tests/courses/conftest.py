"""Course fixtures: a small module built through Wagtail's page API, published like a trainer would."""

import pytest

from courses.models import CourseIndexPage, LessonPage, ModulePage

CHECK_ID = "11111111-1111-4111-8111-111111111111"


def lesson_body(*, with_check=True, extra=()):
    body = [
        {
            "type": "paragraph",
            "value": "<p>客户投诉时，先倾听再解释。</p>",
            "id": "22222222-2222-4222-8222-222222222222",
        },
        {
            "type": "steps",
            "value": {
                "heading": "投诉处理的四个阶段",
                "steps": [{"title": "倾听", "detail": "不打断客户。"}, {"title": "致歉", "detail": ""}],
            },
            "id": "33333333-3333-4333-8333-333333333333",
        },
        *extra,
    ]
    if with_check:
        body.append(
            {
                "type": "knowledge_check",
                "id": CHECK_ID,
                "value": {
                    "question": "客户情绪激动时先做什么？",
                    "choices": [
                        {"text": "倾听", "correct": True, "feedback": "先处理情绪。"},
                        {"text": "解释规定", "correct": False, "feedback": "解释要放在后面。"},
                    ],
                },
            }
        )
    return body


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_module(catalogue=None, *, title="投诉处理", slug="complaint", category="complaint", **kwargs):
    catalogue = catalogue or CourseIndexPage.objects.get()
    module = ModulePage(title=title, slug=slug, code=kwargs.pop("code", "TS-01"), category=category, **kwargs)
    catalogue.add_child(instance=module)
    return publish(module)


def make_lesson(module, *, title, slug, body=None, live=True, **kwargs):
    lesson = LessonPage(title=title, slug=slug, body=body if body is not None else lesson_body(), live=live, **kwargs)
    module.add_child(instance=lesson)
    if live:
        return publish(lesson)
    lesson.save_revision()
    return lesson


@pytest.fixture
def course(db):
    module = make_module(summary="倾听、致歉、解决、回访。")
    first = make_lesson(module, title="投诉处理的四个阶段", slug="stages", summary="四个阶段")
    second = make_lesson(module, title="回访与记录", slug="follow-up", body=lesson_body(with_check=False))
    return {"module": module, "lessons": [first, second]}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded images and documents go to a temporary folder, not the project's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
