"""The certification section of the halls' weekly robot digest (``peixun_hall_digest``, called by
notices): the certificates of the hall's people that expire within ``DAYS`` days. Five queries, whatever
the number of halls and people."""

import datetime
from collections import defaultdict

from django.utils.translation import gettext as _

from notices.robots import Section
from people.models import Staff

from .selectors import certification_statuses, local_day, programs_active
from .status import CERTIFIED, EXPIRING

DAYS = 30


def hall_digest(*, hall_ids: list[int], at: datetime.datetime) -> dict[int, list[Section]]:
    """Return each hall's 证书即将到期 section (soonest first)."""
    day = local_day(at)
    staff = Staff.objects.employed_on(day).filter(hall_id__in=hall_ids)
    programs = programs_active()
    names = {p.code: p.name for p in programs}
    statuses = certification_statuses(staff=staff, as_of=day, programs=programs) if programs else {}
    people = {
        pk: (name, no, hall) for pk, name, no, hall in staff.order_by().values_list("pk", "name", "staff_no", "hall_id")
    }
    expiring = defaultdict(list)
    for pk, rows in statuses.items():
        name, no, hall = people[pk]
        for row in rows:
            if row.status in (CERTIFIED, EXPIRING) and row.days_left is not None and 0 <= row.days_left <= DAYS:
                values = {"person": f"{name}（{no}）", "program": names[row.program], "day": row.expires_on.isoformat()}
                expiring[hall].append((row.expires_on, _("%(person)s：%(program)s上岗证 %(day)s 到期") % values))
    return {
        hall: [Section(_("证书即将到期"), tuple(line for _day, line in sorted(expiring[hall])), unit=_("人"), order=30)]
        for hall in hall_ids
    }
