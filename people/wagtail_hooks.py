from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.panels import PANELS
from lms.personal_data import PERSONAL_DATA

from . import admin_lockouts, admin_urls, admin_views, audit, audit_views, panels, privacy
from .viewsets import OrganisationGroup


@hooks.register("register_admin_viewset")
def register_viewsets():
    return OrganisationGroup()


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("people/", include(admin_urls, namespace="people_admin"))]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return admin_views.ImportMenuItem(
        _("导入员工"), reverse("people_admin:import"), icon_name="upload", order=210, permission="people.add_staff"
    )


@hooks.register("register_admin_menu_item")
def register_leave_import_menu_item():
    return admin_views.ImportMenuItem(
        _("导入休假"),
        reverse("people_admin:import_leave"),
        icon_name="upload",
        order=211,
        permission="people.add_leave",
    )


@hooks.register("register_admin_menu_item")
def register_lockouts_menu_item():
    return admin_views.ImportMenuItem(
        _("登录锁定"),
        reverse("people_admin:lockouts"),
        icon_name="lock",
        order=212,
        permission=admin_lockouts.PERMISSION,
    )


@hooks.register("register_reports_menu_item")
def register_audit_menu_item():
    return audit_views.AuditMenuItem(
        _("审计日志"), reverse("people_admin:audit"), name="audit", icon_name="history", order=1050
    )


hooks.register("register_log_actions", audit.register_actions)
hooks.register(PERSONAL_DATA, privacy.personal_data)
hooks.register(PANELS, panels.profile_panel)
hooks.register(PANELS, panels.halls_panel)
