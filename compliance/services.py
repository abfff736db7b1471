"""Writes of the compliance app: announcing a launch (assign everyone in scope, notify, assign its quiz)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evidence.models import Launch, LaunchAssignment
from evidence.services import launch_scope
from notices.services import notification_send
from people.selectors import hall_managers

from . import periods
from .models import ComplianceSettings


@transaction.atomic
def launch_announce(*, launch: Launch) -> int:
    """Assign the launch's training to everyone in scope (deadline announcement + N hours) and notify
    them and their hall managers at once. Safe to run twice: nobody is assigned or notified twice."""
    hours = ComplianceSettings.load().new_service_hours
    deadline = periods.launch_deadline(launch.announced_at, hours=hours)
    people = list(launch_scope(launch=launch).select_related("user"))
    LaunchAssignment.objects.bulk_create(
        [LaunchAssignment(launch=launch, staff=s, assigned_at=launch.announced_at, deadline=deadline) for s in people],
        ignore_conflicts=True,
    )
    due = f"{timezone.localtime(deadline):%Y-%m-%d %H:%M}"
    values = {"name": launch.name, "code": launch.code, "due": due}
    url = reverse("home:my_training")
    notification_send(
        users=[s.user for s in people],
        key=f"launch:{launch.code}",
        text=_("新业务培训：%(name)s（%(code)s），请在 %(due)s 前完成培训。") % values,
        url=url,
    )
    managers = hall_managers(s.hall_id for s in people)
    notification_send(
        users=[m.user for m in managers],
        key=f"launch-manager:{launch.code}",
        text=_("新业务 %(name)s（%(code)s）已发布：本厅员工须在 %(due)s 前完成培训。") % values,
        url=reverse("compliance:hall"),
    )
    if launch.quiz_ref:
        from .tasks import launch_quiz_assign_task  # tasks import the services: import on use

        launch_quiz_assign_task.delay_on_commit(launch.pk)
    return len(people)
