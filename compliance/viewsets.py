"""The 培训合规 admin menu: launches (creating or widening one announces it), the sessions and events of
the apps below, and the beat schedules. Registered by ``wagtail_hooks``."""

from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from evidence.models import Launch
from evidence.viewsets import EventViewSet
from lms.empty_choices import EmptyChoiceMixin
from trainings.viewsets import SessionViewSet

from .services import launch_announce


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


class LaunchViewSet(EmptyChoiceMixin, ModelViewSet):
    model = Launch
    icon = "pick"
    add_view_class = LaunchCreateView
    edit_view_class = LaunchEditView
    form_fields = ["code", "name", "description", "announced_at", "halls", "module", "quiz_ref"]
    list_display = ["code", "name", "announced_at"]
    search_fields = ["code", "name"]
    search_backend_name = None


class PeriodicTaskViewSet(EmptyChoiceMixin, ModelViewSet):
    """The beat schedules (django-celery-beat's database scheduler picks up edits); HR by model permission."""

    model = PeriodicTask
    icon = "time"
    menu_label = _("定时任务")
    form_fields = ["name", "task", "crontab", "interval", "enabled", "description"]
    list_display = ["name", "task", "enabled", "last_run_at"]
    search_backend_name = None


class CrontabScheduleViewSet(EmptyChoiceMixin, ModelViewSet):
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
