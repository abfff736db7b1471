from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.panels import LANDING_PANELS, Panel

from . import admin_views, roles
from .selectors import halls_visible_to, staff_of_user
from .viewsets import OrganisationGroup


@hooks.register("register_admin_viewset")
def register_viewsets():
    return OrganisationGroup()


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path("people/import/", admin_views.import_staff, name="people_import"),
        path("people/import-leave/", admin_views.import_leave, name="people_import_leave"),
    ]


class _ImportMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return _ImportMenuItem(
        _("导入员工"), reverse("people_import"), icon_name="upload", order=210, permission="people.add_staff"
    )


@hooks.register("register_admin_menu_item")
def register_leave_import_menu_item():
    return _ImportMenuItem(
        _("导入休假"), reverse("people_import_leave"), icon_name="upload", order=211, permission="people.add_leave"
    )


@hooks.register(LANDING_PANELS)
def profile_panel(request):
    me = staff_of_user(request.user)
    return Panel(_("我的档案"), "people/panel_profile.html", {"staff": me}, order=900) if me else None


@hooks.register(LANDING_PANELS)
def halls_panel(request):
    user = request.user
    if not roles.is_organiser(user):
        return None
    today = timezone.localdate()
    active = Q(staff__hired_on__lte=today) & (Q(staff__left_on__isnull=True) | Q(staff__left_on__gte=today))
    halls = halls_visible_to(user).select_related("branch").annotate(active_count=Count("staff", filter=active))
    title = _("全部营业厅") if roles.has_role(user, roles.HR) else _("我负责的营业厅")
    return Panel(
        title, "people/panel_halls.html", {"halls": halls, "can_import": user.has_perm("people.add_staff")}, order=500
    )
