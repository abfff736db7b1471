"""The halls' weekly digest for their group robots. What it says comes from the apps above (who is
overdue, new launches, expiring certificates): each registers a function with the ``peixun_hall_digest``
hook, ``fn(*, hall_ids, at) -> {hall id: [robots.Section, …]}``, in a fixed number of queries."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from . import robots
from .channels import robot_messages_queue
from .models import HallRobot

DIGEST_HOOK = "peixun_hall_digest"


def digest_key(at: datetime.datetime) -> str:
    """Return the key of the digest of ``at``'s week (local ISO week): one digest per robot and week."""
    year, week, _day = timezone.localdate(at).isocalendar()
    return f"digest:{year}-W{week:02d}"


def hall_digests_send(*, at: datetime.datetime) -> int:
    """Queue this week's digest to every enabled robot that has not had it; return how many were queued."""
    targets = list(HallRobot.objects.filter(enabled=True).select_related("hall").order_by("pk"))
    if not targets:
        return 0
    hall_ids = sorted({r.hall_id for r in targets})
    sections: dict[int, list[robots.Section]] = defaultdict(list)
    for fn in hooks.get_hooks(DIGEST_HOOK):
        for hall_id, parts in fn(hall_ids=hall_ids, at=at).items():
            sections[hall_id].extend(parts)
    year, week, _day = timezone.localdate(at).isocalendar()
    footer = f"[{_('查看本厅培训情况')}]({settings.PEIXUN_BASE_URL}/compliance/hall/)"
    messages = {}
    for robot in targets:
        title = _("%(hall)s 培训周报（%(year)s 年第 %(week)s 周）") % {
            "hall": robot.hall.name,
            "year": year,
            "week": week,
        }
        text = robots.digest_text(
            robot.kind, title=title, sections=sections[robot.hall_id], footer=footer, empty=_("无")
        )
        messages[robot.pk] = (title, text)
    return robot_messages_queue(targets=targets, key=digest_key(at), messages=messages)
