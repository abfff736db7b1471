"""Who may author, review and read: trainer page permissions, the review workflow, lesson documents."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Workflow

from courses.models import CourseIndexPage, LessonPage
from people import roles
from tests.conftest import make_user

from .conftest import make_lesson


@pytest.fixture
def document(db):
    Document = get_document_model()
    doc = Document(title="仪容自查表", collection=Collection.get_first_root_node())
    doc.file.save("grooming-checklist.txt", ContentFile("上岗前自查".encode()), save=False)
    doc.save()
    return doc


def _doc_block(doc):
    return [{"type": "document", "value": {"document": doc.pk, "title": "自查表"}}]


def test_trainers_can_add_and_change_course_pages_but_not_publish(db):
    trainer = make_user("t1", roles.TRAINER)
    catalogue = CourseIndexPage.objects.get()
    perms = catalogue.permissions_for_user(trainer)
    assert perms.can_add_subpage() and perms.can_edit()
    assert not perms.can_publish()
    assert not Page.objects.get(depth=2).permissions_for_user(trainer).can_edit()
    assert not trainer.has_perm("wagtailcore.change_site") and not trainer.has_perm("wagtailadmin.admin_settings")


def test_course_pages_are_published_through_the_review_workflow(db):
    catalogue = CourseIndexPage.objects.get()
    workflow = catalogue.get_workflow()
    assert workflow == Workflow.objects.get(name="课程审核")
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [roles.TRAINER]


def test_a_trainer_cannot_approve_their_own_change_but_another_trainer_publishes_it(course, client):
    author, reviewer = make_user("t-author", roles.TRAINER), make_user("t-review", roles.TRAINER)
    lesson = course["lessons"][1]
    lesson.title = "回访与记录（修订）"
    revision = lesson.save_revision(user=author)
    workflow_state = CourseIndexPage.objects.get().get_workflow().start(lesson, author)
    assert not LessonPage.objects.get(pk=lesson.pk).title.endswith("（修订）")
    task_state = workflow_state.current_task_state.specific
    task = task_state.task.specific
    assert task.get_actions(lesson, author) == []
    assert not task.get_task_states_user_can_moderate(author).exists()
    with pytest.raises(PermissionDenied):
        task.on_action(task_state, author, "approve")
    assert [a[0] for a in task.get_actions(lesson, reviewer)][:2] == ["reject", "approve"]
    assert [s.pk for s in task.get_task_states_user_can_moderate(reviewer)] == [task_state.pk]
    task.on_action(task_state, reviewer, "approve")
    lesson.refresh_from_db()
    assert lesson.title == "回访与记录（修订）" and lesson.live_revision_id == revision.pk


def test_staff_cannot_reach_the_admin(client, org):
    client.force_login(org["staff_a1"].user)
    assert client.get("/admin/").status_code == 302


def test_lesson_document_is_served_only_to_readers_of_a_live_lesson(client, course, org, document):
    make_lesson(course["module"], title="仪容自查", slug="doc", body=_doc_block(document))
    url = document.url
    assert url.startswith("/documents/") and "/media/" not in url
    assert client.get(url).status_code == 302 or client.get(url).status_code == 404
    client.force_login(org["staff_a1"].user)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == "上岗前自查".encode()


def test_document_only_in_a_draft_or_nowhere_is_not_served_to_staff(client, course, org, document):
    make_lesson(course["module"], title="草稿", slug="draft-doc", body=_doc_block(document), live=False)
    client.force_login(org["staff_a1"].user)
    assert client.get(document.url).status_code == 404


def test_editors_can_fetch_any_document(client, document):
    trainer = make_user("t2", roles.TRAINER)
    client.force_login(trainer)
    assert client.get(document.url).status_code == 200


def test_assign_view_needs_permission_and_stays_in_scope(client, course, org):
    client.force_login(org["staff_a1"].user)
    assert client.get(reverse("courses_admin:assign")).status_code in (302, 403)
    client.force_login(org["trainer"])
    response = client.get(reverse("courses_admin:assign"))
    page = response.content.decode()
    assert response.status_code == 200 and org["staff_a1"].name in page and org["staff_b1"].name not in page
    response = client.post(
        reverse("courses_admin:assign"), {"module": course["module"].pk, "mode": "audience", "due_on": "2026-12-31"}
    )
    assert response.status_code == 302
    from courses.models import ModuleAssignment

    assert set(ModuleAssignment.objects.values_list("staff__staff_no", flat=True)) == {"MA", "A1", "A2"}
