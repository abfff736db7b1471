"""Registers compliance with Wagtail: the 培训合规 admin menu (``viewsets``), the report in the Reports
menu (``reports``), its CSS, the panels (``panels``), the demo year, the rule statuses records asks for
and the hall digest's sections (``digest``)."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.panels import PANELS
from notices.digest import DIGEST_HOOK
from people.reports import OrganiserMenuItem

from . import admin_urls, digest, panels
from .viewsets import ComplianceGroup

hooks.register(DIGEST_HOOK, digest.hall_digest)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ComplianceGroup()


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("compliance/", include(admin_urls, namespace="compliance_admin"))]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return OrganiserMenuItem(
        _("培训合规总览"), reverse("compliance_admin:report"), name="compliance-report", icon_name="tasks", order=100
    )


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("compliance/compliance.css"))


hooks.register(PANELS, panels.status_panel)
hooks.register(PANELS, panels.manage_panel)


@hooks.register("peixun_seed_demo")
def seed_demo(stdout=None):
    from .demo import seed_demo as run

    run(stdout=stdout)


@hooks.register("peixun_rule_statuses")
def rule_statuses(staff_list, *, start, end):
    from .record_statuses import rule_statuses as evaluate

    return evaluate(staff_list, start=start, end=end)
