"""Courses in the Wagtail admin and on the landing page: panels, sections, document access, assignment."""

from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.panels import LANDING_PANELS, MY_TRAINING_SECTIONS, Panel, Section
from people import roles
from people.selectors import staff_of_user

from . import admin_views
from .selectors import document_visible_to, my_training


@hooks.register(MY_TRAINING_SECTIONS)
def courses_section(request):
    staff = staff_of_user(request.user)
    if staff is None:
        return None
    today = timezone.localdate()
    return Section(_("课程"), "courses/section_courses.html", {"rows": my_training(staff=staff, today=today)}, order=10)


@hooks.register(LANDING_PANELS)
def my_training_panel(request):
    staff = staff_of_user(request.user)
    if staff is None:
        return None
    rows = my_training(staff=staff, today=timezone.localdate())
    context = {
        "open": sum(1 for r in rows if not r.complete),
        "overdue": sum(1 for r in rows if r.overdue),
        "next": next((r for r in rows if r.next_lesson), None),
    }
    return Panel(_("我的培训"), "courses/panel_my_training.html", context, order=100)


@hooks.register(LANDING_PANELS)
def progress_report_panel(request):
    """For the people who follow others' training: a link to the learner progress report."""
    if not roles.is_organiser(request.user):
        return None
    return Panel(_("学员学习进度"), "courses/panel_progress_report.html", {}, order=390)


@hooks.register("before_serve_document")
def documents_only_for_readers(document, request):
    """Lesson documents are not public files: answer 404 to anyone who cannot read a lesson offering it."""
    if not document_visible_to(request.user, document):
        raise Http404


@hooks.register("register_admin_urls")
def register_assign_url():
    return [path("courses/assign/", admin_views.assign_module, name="courses_assign")]


class _AssignMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("courses.add_moduleassignment")


@hooks.register("register_admin_menu_item")
def register_assign_menu_item():
    return _AssignMenuItem(_("指派课程"), reverse("courses_assign"), icon_name="calendar-check", order=220)
