"""Deadline reminders for new-service training (services called by the Celery beat tick).

24 h and 2 h before an assignment's deadline the person is reminded (in the site and by e-mail);
once it has passed untrained, the person and their hall managers are told. Every notice has a key
unique per user, so a tick run twice, two schedulers by mistake or a retried task never sends one
twice: the database constraint ``notification_once_per_key`` decides (see ``notices_send``).
"""

import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from people import roles
from people.models import Staff

from .models import EventKind, LaunchAssignment, TrainingEvent
from .services import Notice, notices_send

REMINDER_HOURS = (24, 2)
MISSED_LOOKBACK = datetime.timedelta(days=7)


def _untrained(assignments: list[LaunchAssignment]) -> list[LaunchAssignment]:
    """Return the assignments with no ``new_service`` event for their launch inside their window."""
    if not assignments:
        return []
    rows = TrainingEvent.objects.filter(
        kind=EventKind.NEW_SERVICE,
        launch_id__in={a.launch_id for a in assignments},
        staff_id__in={a.staff_id for a in assignments},
    ).values_list("launch_id", "staff_id", "occurred_at")
    windows = {(a.launch_id, a.staff_id): (a.launch.announced_at, a.deadline) for a in assignments}
    done = {(lid, sid) for lid, sid, at in rows if windows[(lid, sid)][0] <= at <= windows[(lid, sid)][1]}
    return [a for a in assignments if (a.launch_id, a.staff_id) not in done]


def _assignments(**filters) -> list[LaunchAssignment]:
    return list(LaunchAssignment.objects.filter(**filters).select_related("launch", "staff__user"))


def launch_reminders_send(*, at: datetime.datetime) -> int:
    """Send the reminders and missed-deadline notices due at ``at``; return how many notices were new."""
    url = reverse("compliance:my_training")
    notices = []
    for hours in REMINDER_HOURS:
        sooner = min((h for h in REMINDER_HOURS if h < hours), default=0)
        window = {
            "deadline__gt": at + datetime.timedelta(hours=sooner),
            "deadline__lte": at + datetime.timedelta(hours=hours),
        }
        for a in _untrained(_assignments(**window)):
            due = f"{timezone.localtime(a.deadline):%m-%d %H:%M}"
            text = _("提醒：新业务 %(name)s 的培训将于 %(due)s 截止，请尽快完成。") % {
                "name": a.launch.name,
                "due": due,
            }
            notices.append(Notice(a.staff.user, f"launch-remind-{hours}h:{a.launch.code}", text, url))
    missed = _untrained(_assignments(deadline__lt=at, deadline__gte=at - MISSED_LOOKBACK))
    managers = defaultdict(list)
    for m in Staff.objects.filter(
        hall_id__in={a.staff.hall_id for a in missed}, user__groups__name=roles.HALL_MANAGER
    ).select_related("user"):
        managers[m.hall_id].append(m.user)
    for a in missed:
        values = {"name": a.launch.name, "person": a.staff.name, "no": a.staff.staff_no}
        text = _("新业务 %(name)s 的培训已逾期未完成，请联系营业厅经理。") % values
        notices.append(Notice(a.staff.user, f"launch-missed:{a.launch.code}", text, url))
        text = _("%(person)s（%(no)s）未在期限内完成新业务 %(name)s 的培训。") % values
        key = f"launch-missed:{a.launch.code}:{a.staff.staff_no}"
        notices += [Notice(user, key, text, reverse("compliance:hall")) for user in managers[a.staff.hall_id]]
    return notices_send(notices=notices)
