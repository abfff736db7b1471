"""Who authors the catalogue: trainers add and change pages below it, and publishing goes through the
"课程审核" workflow. The data migration sets this up for the catalogue it creates; this does the same for
a catalogue created later (e.g. by ``load_curriculum`` after the first one was deleted)."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from people import roles

WORKFLOW_NAME = "课程审核"


def catalogue_authoring_setup(*, catalogue) -> None:
    trainer = Group.objects.filter(name=roles.TRAINER).first()
    if trainer is not None:
        for codename in ("add_page", "change_page"):
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=trainer, page=catalogue, permission=permission)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})
