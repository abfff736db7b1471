"""Registers courses with Wagtail: the panels (``panels``), the module names of bank categories, document access, the assignment page and menu,
the learner progress report (``reports``) in the Reports menu."""

from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.panels import PANELS
from lms.personal_data import PERSONAL_DATA
from people.profile import PROFILE_SECTIONS
from people.reports import OrganiserMenuItem

from . import admin_urls, admin_views, panels, privacy
from .models import Category
from .selectors import document_visible_to

hooks.register(PANELS, panels.courses_panel)
hooks.register(PANELS, panels.progress_report_panel)
hooks.register(PROFILE_SECTIONS, panels.modules_section)


@hooks.register("peixun_category_labels")
def module_category_labels():
    """The question bank names its top categories by module key; show them as the module categories."""
    return dict(Category.choices)


@hooks.register("before_serve_document")
def documents_only_for_readers(document, request):
    """Lesson documents are not public files: answer 404 to anyone who cannot read a lesson offering it."""
    if not document_visible_to(request.user, document):
        raise Http404


@hooks.register("register_admin_urls")
def register_assign_url():
    return [path("courses/", include(admin_urls, namespace="courses_admin"))]


@hooks.register("register_admin_menu_item")
def register_assign_menu_item():
    return admin_views.AssignMenuItem(
        _("指派课程"), reverse("courses_admin:assign"), icon_name="calendar-check", order=220
    )


@hooks.register("register_reports_menu_item")
def register_progress_report_menu_item():
    return OrganiserMenuItem(
        _("学员学习进度"), reverse("courses_admin:progress"), name="learner-progress", icon_name="user", order=110
    )


hooks.register(PERSONAL_DATA, privacy.personal_data)
