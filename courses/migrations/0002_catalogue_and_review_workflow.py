"""Create the course catalogue under the home page, let trainers author in it, and route publishing
through the "课程审核" workflow: a trainer's change is approved by (another) trainer before it goes live.

Trainers get add/change on pages below the catalogue but not publish, images and documents in the root
collection, and course assignments; nothing on site settings.
"""

import uuid

from django.db import migrations

from people.roles import grant_group_permissions

TRAINER = "Trainer"
HR = "HR"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4
WORKFLOW_NAME = "课程审核"
TASK_NAME = "培训师复核"
ASSIGNMENT_PERMS = [f"courses.{a}_moduleassignment" for a in ("add", "change", "delete", "view")]


def _child_path(parent, last_child_path):
    n = int(last_child_path[-STEPLEN:], 36) + 1 if last_child_path else 1
    digits = ""
    while n:
        n, r = divmod(n, 36)
        digits = ALPHABET[r] + digits
    return parent.path + digits.rjust(STEPLEN, "0")


def _catalogue(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    CourseIndexPage = apps.get_model("courses.CourseIndexPage")
    existing = CourseIndexPage.objects.first()
    if existing:
        return existing
    home = apps.get_model("home.HomePage").objects.order_by("path").first()
    if home is None:
        return None
    last = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).order_by("-path").first()
    catalogue = CourseIndexPage.objects.create(
        title="课程",
        draft_title="课程",
        slug="courses",
        content_type=ContentType.objects.get_or_create(app_label="courses", model="courseindexpage")[0],
        path=_child_path(home, last.path if last else None),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}courses/",
        intro="营业厅员工的必修与选修课程：服务礼仪、仪容仪表、投诉处理、安全保密。",
        live=True,
        locale_id=home.locale_id,
        translation_key=uuid.uuid4(),
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
    return catalogue


def setup(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    grant_group_permissions(apps, TRAINER, ["wagtailadmin.access_admin", *ASSIGNMENT_PERMS])
    grant_group_permissions(apps, HR, ASSIGNMENT_PERMS)
    trainer = Group.objects.get(name=TRAINER)

    collection = apps.get_model("wagtailcore.Collection").objects.filter(depth=1).first()
    if collection is not None:
        GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
            for action in ("add", "change", "choose"):
                permission = Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
                GroupCollectionPermission.objects.get_or_create(
                    group=trainer, collection=collection, permission=permission
                )

    catalogue = _catalogue(apps)
    if catalogue is None:
        return
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    for codename in ("add_page", "change_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=trainer, page_id=catalogue.pk, permission=permission)

    PeerReviewTask = apps.get_model("courses.PeerReviewTask")
    task = PeerReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = PeerReviewTask.objects.create(
            name=TASK_NAME,
            active=True,
            content_type=ContentType.objects.get_or_create(app_label="courses", model="peerreviewtask")[0],
        )
    task.groups.add(trainer)
    Workflow = apps.get_model("wagtailcore.Workflow")
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    apps.get_model("wagtailcore.WorkflowTask").objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )
    apps.get_model("wagtailcore.WorkflowPage").objects.update_or_create(
        page_id=catalogue.pk, defaults={"workflow": workflow}
    )


def teardown(apps, schema_editor):
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore.Task").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("home", "0002_create_homepage"),
        ("people", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]
    operations = [migrations.RunPython(setup, teardown)]
