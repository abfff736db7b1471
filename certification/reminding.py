"""The daily certification notices (a service the beat tick calls): reminders before the expiry, and the
person and their hall managers told when a certificate expired or a newcomer's grace ran out.

Which notice is due is decided in ``reminders`` (pure); this module reads everyone's statuses in a fixed
number of queries and sends through ``notices_send``, whose (user, key) constraint makes a tick run twice,
or two ticks racing, send nothing twice.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notices.services import Notice, Recipient, notices_send
from people.models import Staff
from people.selectors import hall_managers

from . import reminders
from .selectors import certification_statuses, programs_active
from .status import ProgramStatus


def _texts(due: reminders.Due, row: ProgramStatus, *, program: str, person: str, staff_no: str) -> tuple[str, str]:
    """Return the person's text and the managers' text (empty: managers are not told) of a notice."""
    values = {"program": program, "person": person, "no": staff_no}
    if due.kind == reminders.REMIND:
        values["day"] = row.expires_on.isoformat()
        if due.stage == 0:
            return _("您的%(program)s上岗证今天（%(day)s）到期，请尽快完成复训认证。") % values, ""
        values["n"] = row.days_left
        return _("您的%(program)s上岗证将于 %(day)s 到期（还有 %(n)s 天），请在到期前完成复训认证。") % values, ""
    if due.kind == reminders.EXPIRED_NOTICE:
        values["day"] = row.expires_on.isoformat()
        own = _("您的%(program)s上岗证已于 %(day)s 到期，请尽快完成认证后再上岗。") % values
        return own, _("%(person)s（%(no)s）的%(program)s上岗证已于 %(day)s 到期。") % values
    values["day"] = row.grace_ends_on.isoformat()
    own = _("您的新岗宽限期已于 %(day)s 结束，仍未取得%(program)s上岗证，请尽快完成认证。") % values
    return own, _("%(person)s（%(no)s）新岗宽限期已于 %(day)s 结束，仍未取得%(program)s上岗证。") % values


def certification_notices_send(*, today: datetime.date | None = None) -> int:
    """Send the certification notices due today to the people employed and their hall managers; return
    how many were new. Seven queries whatever the number of people (statuses, people, managers, insert)."""
    day = today or timezone.localdate()
    staff = Staff.objects.employed_on(day)
    programs = programs_active()
    names = {p.code: p.name for p in programs}
    statuses = certification_statuses(staff=staff, as_of=day, programs=programs)
    people = {
        pk: (uid, email or "", name, staff_no, hall_id)
        for pk, uid, email, name, staff_no, hall_id in staff.filter(user__isnull=False)
        .order_by()
        .values_list("pk", "user_id", "user__email", "name", "staff_no", "hall_id")
    }
    due = [
        (pk, d, row)
        for pk, rows in statuses.items()
        if pk in people
        for row in rows
        if (d := reminders.notice_due(row, person=people[pk][3])) is not None
    ]
    managers = defaultdict(list)
    halls = {people[pk][4] for pk, d, _row in due if d.managers}
    if halls:
        for hall_id, uid, email in hall_managers(halls).values_list("hall_id", "user_id", "user__email"):
            managers[hall_id].append(Recipient(uid, email or ""))
    own_url, hall_url = reverse("home:my_training"), reverse("compliance:hall")
    notices = []
    for pk, d, row in due:
        uid, email, name, staff_no, hall_id = people[pk]
        own, others = _texts(d, row, program=names[row.program], person=name, staff_no=staff_no)
        notices.append(Notice(Recipient(uid, email), d.key, own, own_url))
        if d.managers:
            notices += [Notice(m, d.key, others, hall_url) for m in managers[hall_id] if m.pk != uid]
    return notices_send(notices=notices, subject=_("上岗认证提醒"))
