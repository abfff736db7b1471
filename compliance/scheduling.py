"""Scheduled quizzes and deadline reminders (services called by the Celery beat ticks).

Every Monday 08:00 each person employed that day and not on leave that week is assigned the weekly quiz
(a module quiz, rotating by ISO week) due Sunday 24:00; on the 1st of each month backbone staff not on
leave that month get the monthly quiz due at the month's end; a launch with a quiz assigns it to everyone
in scope not on leave that day, due with the launch deadline. Each new assignment is told to its person
once (in the site, and by e-mail to those with an address). The unique constraints on ``QuizAssignment``
(person, quiz, period) and on notices (user, key) make every tick safe to run twice; a tick reads and
writes in a fixed number of queries whatever the number of people (see ``bench/ticks.py``).

Deadline reminders for new-service training and for quiz assignments:

24 h and 2 h before an assignment's deadline the person is reminded (in the site and by e-mail);
once it has passed untrained, the person and their hall managers are told. Every notice has a key
unique per user, so a tick run twice, two schedulers by mistake or a retried task never sends one
twice: the database constraint ``notification_once_per_key`` decides (see ``notices_send``).
"""

import datetime
from collections import defaultdict
from typing import NamedTuple

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evidence.models import EventKind, Launch, LaunchAssignment, TrainingEvent
from evidence.services import launch_scope
from exams.assignments import PASSED_BY_DUE, quiz_assign_and_tell
from exams.evidence import launch_period_key
from exams.models import AssignmentKind, Quiz, QuizAssignment
from notices.services import Notice, Recipient, notices_send
from people.models import Leave, Staff
from people.selectors import hall_managers

from . import periods
from .models import ComplianceSettings

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
    url = reverse("home:my_training")
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
    managers, hall_url = defaultdict(list), reverse("compliance:hall")
    for m in hall_managers(a.staff.hall_id for a in missed):
        managers[m.hall_id].append(m.user)
    for a in missed:
        values = {"name": a.launch.name, "person": a.staff.name, "no": a.staff.staff_no}
        text = _("新业务 %(name)s 的培训已逾期未完成，请联系营业厅经理。") % values
        notices.append(Notice(a.staff.user, f"launch-missed:{a.launch.code}", text, url))
        text = _("%(person)s（%(no)s）未在期限内完成新业务 %(name)s 的培训。") % values
        key = f"launch-missed:{a.launch.code}:{a.staff.staff_no}"
        notices += [Notice(u, key, text, hall_url) for u in _others(managers[a.staff.hall_id], a.staff.user_id)]
    return notices_send(notices=notices)


def _module_quiz(module: str) -> Quiz | None:
    return Quiz.objects.filter(source_key=f"module:{module}").first()


def quiz_for_ref(ref: str) -> Quiz | None:
    """Resolve a launch's ``quiz_ref``: a quiz's source key (e.g. ``module:security``) or its number."""
    ref = (ref or "").strip()
    if not ref:
        return None
    match = Q(source_key=ref) | Q(pk=int(ref)) if ref.isdigit() else Q(source_key=ref)
    return Quiz.objects.filter(match).order_by(F("source_key").asc(nulls_last=True)).first()


def _not_on_leave(first: datetime.date, last: datetime.date) -> Q:
    """Match the staff with no leave on any day from ``first`` to ``last`` (a period on leave is not required)."""
    return ~Q(Exists(Leave.objects.filter(staff=OuterRef("pk"), start__lte=last, end__gte=first)))


def weekly_quizzes_assign(*, at: datetime.datetime) -> int:
    """Assign this ISO week's quiz to everyone employed on the local day of ``at`` and tell them; return how
    many were new.

    People with leave on any day of the week (as recorded when the tick runs) are not assigned: the week is
    not required of them (training-policy.md, "Through time").
    """
    day = periods.local_day(at)
    quiz = _module_quiz(periods.weekly_quiz_module(day))
    if quiz is None:
        return 0
    monday, sunday = periods.week_bounds(day)
    return quiz_assign_and_tell(
        staff=Staff.objects.employed_on(day).filter(_not_on_leave(monday, sunday)),
        quiz=quiz,
        due_at=periods.week_due(day),
        period_key=f"weekly:{periods.week_code(day)}",
        kind=AssignmentKind.WEEKLY,
        text=_("本周测验：%(quiz)s，请于 %(due)s 前完成。"),
    )


def backbone_quizzes_assign(*, at: datetime.datetime) -> int:
    """Assign this month's quiz to the backbone staff employed on the local day of ``at`` and tell them.

    Like the week: people with leave on any day of the month (as recorded when the tick runs) are not
    assigned, since a month that overlaps leave is not required (R3); backbone is today's flag.
    """
    day = periods.local_day(at)
    quiz = _module_quiz(periods.monthly_quiz_module(day))
    if quiz is None:
        return 0
    first, last = periods.month_bounds(day.year, day.month)
    return quiz_assign_and_tell(
        staff=Staff.objects.employed_on(day).filter(_not_on_leave(first, last), is_backbone=True),
        quiz=quiz,
        due_at=periods.month_due(day),
        period_key=f"backbone:{periods.month_code(day)}",
        kind=AssignmentKind.BACKBONE,
        text=_("骨干月度测验：%(quiz)s，请于 %(due)s 前完成。"),
    )


def launch_quiz_assign(*, launch_id: int) -> int:
    """Assign a launch's quiz (if it has one) to everyone in its scope, due with the launch deadline, and tell
    them. People on leave on the announcement day are not assigned (R4 does not apply to them)."""
    launch = Launch.objects.filter(pk=launch_id).first()
    quiz = quiz_for_ref(launch.quiz_ref) if launch else None
    if quiz is None:
        return 0
    day = periods.local_day(launch.announced_at)
    return quiz_assign_and_tell(
        staff=launch_scope(launch=launch).filter(_not_on_leave(day, day)),
        quiz=quiz,
        due_at=periods.launch_deadline(launch.announced_at, hours=ComplianceSettings.load().new_service_hours),
        period_key=launch_period_key(launch),
        kind=AssignmentKind.LAUNCH,
        text=_("新业务测验：%(quiz)s，请于 %(due)s 前完成。"),
    )


def quiz_reminders_send(*, at: datetime.datetime) -> int:
    """Remind 24 h and 2 h before a quiz assignment's due time; tell the person and their hall managers of a
    missed one.

    An assignment counts as done only when passed by its due time (``PASSED_BY_DUE``, kept by grading): a
    later pass is still missed. A weekly or backbone assignment of someone with leave in its week or month
    (recorded after the tick) is not required, so it is neither reminded nor missed. Reads the open
    assignments due within the next 24 h or missed within the last week as plain rows (no model
    instances), the leave and the managers in three queries; ``notices_send`` inserts each notice at most
    once, in one statement on PostgreSQL.
    """
    rows = (
        QuizAssignment.objects.filter(
            due_at__gt=at - MISSED_LOOKBACK, due_at__lte=at + datetime.timedelta(hours=max(REMINDER_HOURS))
        )
        .exclude(PASSED_BY_DUE)
        .order_by()
        .values_list(
            "pk",
            "due_at",
            "quiz_id",
            "quiz__title",
            "staff__user_id",
            "staff__user__email",
            "staff__name",
            "staff__staff_no",
            "staff__hall_id",
            "staff_id",
            "kind",
        )
    )
    open_ = [_Open(*row) for row in rows if row[4] is not None]
    excused = _excused(open_)
    open_ = [a for a in open_ if a.pk not in excused]
    notices, texts, hall_url = [], {}, reverse("compliance:hall")
    quiz_urls = {pk: reverse("exams:quiz_detail", args=[pk]) for pk in {a.quiz_id for a in open_}}
    for a in open_:
        if a.due_at <= at:
            continue
        hours = min(h for h in REMINDER_HOURS if a.due_at <= at + datetime.timedelta(hours=h))
        if (a.quiz_id, a.due_at) not in texts:
            values = {"quiz": a.quiz_title, "due": f"{timezone.localtime(a.due_at):%m-%d %H:%M}"}
            texts[(a.quiz_id, a.due_at)] = _("提醒：测验 %(quiz)s 将于 %(due)s 截止，请尽快完成。") % values
        text, url = texts[(a.quiz_id, a.due_at)], quiz_urls[a.quiz_id]
        notices.append(Notice(Recipient(a.user_id, a.email or ""), f"quiz-remind-{hours}:{a.pk}", text, url))
    missed = [a for a in open_ if a.due_at <= at]
    managers = defaultdict(list)
    if missed:
        for hall_id, uid, email in hall_managers(a.hall_id for a in missed).values_list(
            "hall_id", "user_id", "user__email"
        ):
            managers[hall_id].append(Recipient(uid, email or ""))
    for a in missed:
        values = {"quiz": a.quiz_title, "person": a.name, "no": a.staff_no}
        own = _("您未在期限内通过测验 %(quiz)s，请尽快补考或联系培训师。") % values
        key = f"quiz-missed:{a.pk}"
        notices.append(Notice(Recipient(a.user_id, a.email or ""), key, own, quiz_urls[a.quiz_id]))
        text = _("%(person)s（%(no)s）未在期限内通过测验 %(quiz)s。") % values
        notices += [Notice(u, key, text, hall_url) for u in _others(managers[a.hall_id], a.user_id)]
    return notices_send(notices=notices)


class _Open(NamedTuple):
    """An open quiz assignment as the reminders read it."""

    pk: int
    due_at: datetime.datetime
    quiz_id: int
    quiz_title: str
    user_id: int | None
    email: str | None
    name: str
    staff_no: str
    hall_id: int
    staff_id: int
    kind: str


def _period_days(kind: str, due_at: datetime.datetime) -> tuple[datetime.date, datetime.date] | None:
    """Return the first and last day a weekly or backbone assignment stands for; None for other kinds."""
    last = periods.local_day(due_at - datetime.timedelta(microseconds=1))
    if kind == AssignmentKind.WEEKLY:
        return periods.week_bounds(last)
    if kind == AssignmentKind.BACKBONE:
        return periods.month_bounds(last.year, last.month)
    return None


def _excused(assignments: list[_Open]) -> set[int]:
    """Return the ids of the weekly and backbone assignments whose person has leave on a day of their week
    or month (training-policy.md: such a period is not required), reading the leave in one query."""
    spans = {a.pk: (a.staff_id, days) for a in assignments if (days := _period_days(a.kind, a.due_at))}
    if not spans:
        return set()
    first, last = min(d[0] for _s, d in spans.values()), max(d[1] for _s, d in spans.values())
    leave = defaultdict(list)
    for staff_id, start, end in Leave.objects.filter(start__lte=last, end__gte=first).values_list(
        "staff_id", "start", "end"
    ):
        leave[staff_id].append((start, end))
    return {
        pk
        for pk, (staff_id, (since, until)) in spans.items()
        if any(start <= until and end >= since for start, end in leave.get(staff_id, ()))
    }


def _others(users: list, user_id: int | None) -> list:
    """The hall managers to tell of someone's miss, less that someone: a manager who missed it is told
    once, in their own words, not also as their hall's manager."""
    return [u for u in users if u.pk != user_id]
