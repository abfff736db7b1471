"""The compliance sections of the halls' weekly robot digest (``peixun_hall_digest``, called by notices):
who became overdue in the seven days before the tick, and the launches announced in them with their
deadline. Six queries for the report plus two, whatever the number of halls and people."""

import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from evidence.models import Launch
from notices.robots import Section
from people.models import Staff

from . import periods
from .selectors import compliance_thresholds, report_build
from .verdicts import MISSED

WINDOW = datetime.timedelta(days=7)


def _overdue(p, *, since: datetime.datetime, at: datetime.datetime, last_week: str, names: dict) -> list[str]:
    items = []
    if last_week in p.weekly.missed:
        items.append(_("上周周培训（%(week)s）") % {"week": last_week})
    for code in p.new_service.missed:
        if since < p.new_service.deadlines[code] <= at:
            items.append(_("新业务 %(name)s") % {"name": names.get(code, code)})
    deadline = p.onboarding.deadline
    if p.onboarding.status == MISSED and deadline and since < deadline <= at:
        items.append(_("入职安全保密教育"))
    return items


def hall_digest(*, hall_ids: list[int], at: datetime.datetime) -> dict[int, list[Section]]:
    """Return each hall's 本周逾期 and 新业务 sections."""
    since, today = at - WINDOW, periods.local_day(at)
    last_week = periods.week_code(periods.week_monday(today) - WINDOW)
    staff = Staff.objects.filter(hall_id__in=hall_ids)
    people = {no: (name, hall) for no, name, hall in staff.values_list("staff_no", "name", "hall_id")}
    report = report_build(as_of=at, year=periods.week_monday(today - WINDOW).year, staff=staff, with_halls=False)
    launches = list(
        Launch.objects.filter(announced_at__gt=since, announced_at__lte=at)
        .order_by("announced_at", "code")
        .values_list("code", "name", "announced_at", "halls__id")
    )
    names = {code: name for code, name, _at, _hall in launches}
    names |= dict(
        Launch.objects.filter(code__in={c for p in report.staff for c in p.new_service.missed}).values_list(
            "code", "name"
        )
    )
    overdue = defaultdict(list)
    for p in report.staff:
        name, hall = people.get(p.staff_no, ("", None))
        items = _overdue(p, since=since, at=at, last_week=last_week, names=names)
        if hall is not None and items:
            overdue[hall].append(f"{name}（{p.staff_no}）：{'、'.join(items)}")
    hours = compliance_thresholds().new_service_hours
    launched: dict[int, dict[str, str]] = defaultdict(dict)
    for code, name, announced_at, hall in launches:
        deadline = timezone.localtime(periods.launch_deadline(announced_at, hours=hours))
        line = _("%(name)s，%(deadline)s 前完成培训") % {"name": name, "deadline": f"{deadline:%m-%d %H:%M}"}
        for target in [hall] if hall else hall_ids:
            launched[target][code] = line
    return {
        hall: [
            Section(_("本周逾期"), tuple(sorted(overdue[hall])), unit=_("人"), order=10),
            Section(_("新业务"), tuple(launched[hall].values()), unit=_("项"), order=20),
        ]
        for hall in hall_ids
    }
