"""Admin menus (launches, sessions, events) and the panels this app adds to other pages."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from courses.sections import Section
from home.panels import HOOK, Panel
from people import roles
from people.selectors import staff_of_user

from . import dashboards
from .forms import CheckInForm
from .models import Launch, Notification, TrainingEvent, TrainingSession
from .selectors import open_quiz_assignments
from .services import launch_announce

MY_TRAINING_SECTIONS = "peixun_my_training_sections"


class LaunchCreateView(generic.CreateView):
    """Creating a launch announces it: everyone in scope is assigned and notified at once."""

    def save_instance(self):
        launch = super().save_instance()
        launch_announce(launch=launch)
        return launch


class LaunchEditView(generic.EditView):
    """Widening a launch's halls assigns and notifies the people newly in scope (nobody twice)."""

    def save_instance(self):
        launch = super().save_instance()
        launch_announce(launch=launch)
        return launch


class LaunchViewSet(ModelViewSet):
    model = Launch
    icon = "pick"
    add_view_class = LaunchCreateView
    edit_view_class = LaunchEditView
    form_fields = ["code", "name", "description", "announced_at", "halls", "module", "quiz_ref"]
    list_display = ["code", "name", "announced_at"]
    search_fields = ["code", "name"]
    search_backend_name = None


class SessionViewSet(ModelViewSet):
    model = TrainingSession
    icon = "group"
    form_fields = [
        "kind", "topic", "launch", "module", "quiz_ref", "trainer", "trainer_name", "starts_at", "ends_at",
        "place", "halls", "invitees", "materials", "notes", "checkin_code",
    ]  # fmt: skip
    list_display = ["topic", "kind", "starts_at", "place", "trainer"]
    list_filter = ["kind", "halls"]
    search_fields = ["topic", "place", "trainer_name"]
    search_backend_name = None


class EventViewSet(ModelViewSet):
    model = TrainingEvent
    icon = "list-ul"
    form_fields = ["staff", "kind", "occurred_at", "source", "source_ref", "topic", "launch", "score"]
    list_display = ["staff", "kind", "occurred_at", "source", "topic"]
    list_filter = ["kind", "source"]
    search_fields = ["staff__staff_no", "staff__name", "topic"]
    search_backend_name = None
    list_export = ["staff", "kind", "occurred_at", "source", "source_ref", "topic", "launch", "score"]


class PeriodicTaskViewSet(ModelViewSet):
    """The beat schedules (django-celery-beat's database scheduler picks up edits); HR by model permission."""

    model = PeriodicTask
    icon = "time"
    menu_label = _("定时任务")
    form_fields = ["name", "task", "crontab", "interval", "enabled", "description"]
    list_display = ["name", "task", "enabled", "last_run_at"]
    search_backend_name = None


class CrontabScheduleViewSet(ModelViewSet):
    model = CrontabSchedule
    icon = "date"
    menu_label = _("定时规则")
    form_fields = ["minute", "hour", "day_of_week", "day_of_month", "month_of_year", "timezone"]
    list_display = ["__str__", "timezone"]
    search_backend_name = None


class ComplianceGroup(ModelViewSetGroup):
    menu_label = _("培训合规")
    menu_icon = "tasks"
    menu_order = 250
    items = (
        LaunchViewSet("launches", url_prefix="compliance/launches"),
        SessionViewSet("training_sessions", url_prefix="compliance/sessions"),
        EventViewSet("training_events", url_prefix="compliance/events"),
        PeriodicTaskViewSet("beat_tasks", url_prefix="compliance/schedules"),
        CrontabScheduleViewSet("beat_crontabs", url_prefix="compliance/crontabs"),
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ComplianceGroup()


def my_training_panel(request) -> Panel | None:
    """The person's own training status: a section of "我的培训" and a landing-page panel."""
    me = staff_of_user(request.user)
    if me is None:
        return None
    return Panel(
        _("培训完成情况"), "compliance/panel.html", dashboards.staff_overview(staff=me, at=timezone.now()), order=50
    )


hooks.register(HOOK, my_training_panel)


@hooks.register(MY_TRAINING_SECTIONS)
def check_in_section(request) -> Section | None:
    """Self check-in with the code shown at the session, first on "我的培训" (people open it on arrival)."""
    if staff_of_user(request.user) is None:
        return None
    return Section(_("签到"), "compliance/section_checkin.html", {"form": CheckInForm()}, order=1)


@hooks.register(MY_TRAINING_SECTIONS)
def my_training_section(request) -> Section | None:
    """The person's status against the rules and the sessions they are invited to."""
    panel = my_training_panel(request)
    return Section(panel.title, "compliance/section.html", panel.context, order=5) if panel else None


@hooks.register(MY_TRAINING_SECTIONS)
def notifications_section(request) -> Section | None:
    """The latest notices (invitations, reminders, missed deadlines) with "mark all read"."""
    if not request.user.is_authenticated:
        return None
    notes = list(Notification.objects.filter(user=request.user)[:20])
    return Section(_("通知"), "compliance/section_notifications.html", {"notifications": notes}, order=90)


@hooks.register(MY_TRAINING_SECTIONS)
def my_quizzes_section(request) -> Section | None:
    """The person's own open quiz assignments (weekly, backbone, new services) with their due times."""
    me = staff_of_user(request.user)
    if me is None:
        return None
    now = timezone.now()
    context = {"assignments": open_quiz_assignments(staff=me, at=now), "now": now}
    return Section(_("待完成测验"), "compliance/section_quizzes.html", context, order=6)


@hooks.register(HOOK)
def manage_panel(request) -> Panel | None:
    """Links for the people who run training: the hall matrix, the overview, sessions and sheets."""
    if not roles.is_organiser(request.user):
        return None
    return Panel(_("培训管理"), "compliance/panel_manage.html", {}, order=400)


@hooks.register("peixun_seed_demo")
def seed_demo(stdout=None):
    from .demo import seed_demo as run

    run(stdout=stdout)


@hooks.register("peixun_rule_statuses")
def rule_statuses(staff_list, *, start, end):
    from .record_statuses import rule_statuses as evaluate

    return evaluate(staff_list, start=start, end=end)
