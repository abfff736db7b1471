"""Scheduled quizzes and deadline reminders (services called by the Celery beat ticks).

Every Monday 08:00 each person employed that day is assigned the weekly quiz (a module quiz, rotating
by ISO week) due Sunday 24:00; on the 1st of each month backbone staff get the monthly quiz due at the
month's end; a launch with a quiz assigns it to everyone in scope, due with the launch deadline. The
unique constraint on ``QuizAssignment`` (person, quiz, period) makes every tick safe to run twice.

Deadline reminders for new-service training and for quiz assignments:

24 h and 2 h before an assignment's deadline the person is reminded (in the site and by e-mail);
once it has passed untrained, the person and their hall managers are told. Every notice has a key
unique per user, so a tick run twice, two schedulers by mistake or a retried task never sends one
twice: the database constraint ``notification_once_per_key`` decides (see ``notices_send``).
"""

import datetime
from collections import defaultdict

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from exams.assignments import quiz_assign
from exams.models import Quiz, QuizAssignment
from people import roles
from people.models import Staff

from . import periods
from .models import ComplianceSettings, EventKind, Launch, LaunchAssignment, TrainingEvent
from .selectors import quiz_assignments_passed
from .services import Notice, launch_scope, notices_send

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
        notices += [Notice(u, key, text, reverse("compliance:hall")) for u in _others(managers[a.staff.hall_id], a)]
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


def weekly_quizzes_assign(*, at: datetime.datetime) -> int:
    """Assign this ISO week's quiz to everyone employed on the local day of ``at``; return how many were new."""
    day = periods.local_day(at)
    quiz = _module_quiz(periods.weekly_quiz_module(day))
    if quiz is None:
        return 0
    ids = list(Staff.objects.employed_on(day).values_list("pk", flat=True))
    key = f"weekly:{periods.week_code(day)}"
    return quiz_assign(staff_ids=ids, quiz=quiz, due_at=periods.week_due(day), period_key=key)


def backbone_quizzes_assign(*, at: datetime.datetime) -> int:
    """Assign this month's quiz to the backbone staff employed on the local day of ``at``."""
    day = periods.local_day(at)
    quiz = _module_quiz(periods.monthly_quiz_module(day))
    if quiz is None:
        return 0
    ids = list(Staff.objects.employed_on(day).filter(is_backbone=True).values_list("pk", flat=True))
    key = f"backbone:{periods.month_code(day)}"
    return quiz_assign(staff_ids=ids, quiz=quiz, due_at=periods.month_due(day), period_key=key)


def launch_period_key(launch: Launch) -> str:
    """Return ``launch:<code>``, or ``launch:#<id>`` when the code is too long for the period column."""
    key = f"launch:{launch.code}"
    return key if len(key) <= QuizAssignment._meta.get_field("period_key").max_length else f"launch:#{launch.pk}"


def launch_quiz_assign(*, launch_id: int) -> int:
    """Assign a launch's quiz (if it has one) to everyone in its scope, due with the launch deadline."""
    launch = Launch.objects.filter(pk=launch_id).first()
    quiz = quiz_for_ref(launch.quiz_ref) if launch else None
    if quiz is None:
        return 0
    due = periods.launch_deadline(launch.announced_at, hours=ComplianceSettings.load().new_service_hours)
    ids = list(launch_scope(launch=launch).values_list("pk", flat=True))
    return quiz_assign(staff_ids=ids, quiz=quiz, due_at=due, period_key=launch_period_key(launch))


def quiz_reminders_send(*, at: datetime.datetime) -> int:
    """Remind 24 h and 2 h before a quiz assignment's due time; tell the person and their hall managers of a
    missed one.

    Reads the assignments due within the next 24 h or missed within the last week, their passing
    attempts and the managers in three queries; ``notices_send`` inserts each notice at most once.
    """
    window = QuizAssignment.objects.filter(
        due_at__gt=at - MISSED_LOOKBACK, due_at__lte=at + datetime.timedelta(hours=max(REMINDER_HOURS))
    ).select_related("quiz", "staff__user")
    assignments = list(window)
    passed = quiz_assignments_passed(assignments)
    open_ = [a for a in assignments if a.pk not in passed]
    notices = []
    for a in open_:
        if a.due_at <= at:
            continue
        hours = min(h for h in REMINDER_HOURS if a.due_at <= at + datetime.timedelta(hours=h))
        values = {"quiz": a.quiz.title, "due": f"{timezone.localtime(a.due_at):%m-%d %H:%M}"}
        text = _("提醒：测验 %(quiz)s 将于 %(due)s 截止，请尽快完成。") % values
        url = reverse("exams:quiz_detail", args=[a.quiz_id])
        notices.append(Notice(a.staff.user, f"quiz-remind-{hours}:{a.pk}", text, url))
    missed = [a for a in open_ if a.due_at <= at]
    managers = defaultdict(list)
    if missed:
        for m in Staff.objects.filter(
            hall_id__in={a.staff.hall_id for a in missed}, user__groups__name=roles.HALL_MANAGER
        ).select_related("user"):
            managers[m.hall_id].append(m.user)
    for a in missed:
        values = {"quiz": a.quiz.title, "person": a.staff.name, "no": a.staff.staff_no}
        own = _("您未在期限内通过测验 %(quiz)s，请尽快补考或联系培训师。") % values
        notices.append(Notice(a.staff.user, f"quiz-missed:{a.pk}", own, reverse("exams:quiz_detail", args=[a.quiz_id])))
        text = _("%(person)s（%(no)s）未在期限内通过测验 %(quiz)s。") % values
        notices += [
            Notice(u, f"quiz-missed:{a.pk}", text, reverse("compliance:hall"))
            for u in _others(managers[a.staff.hall_id], a)
        ]
    return notices_send(notices=notices)


def _others(users: list, assignment) -> list:
    """The hall managers to tell of someone's miss, less that someone: a manager who missed it is told
    once, in their own words, not also as their hall's manager."""
    return [u for u in users if u.pk != assignment.staff.user_id]
