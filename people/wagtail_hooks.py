from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from home.panels import HOOK, Panel

from . import admin_views, roles
from .models import Branch, Hall, Staff
from .selectors import halls_visible_to, staff_of_user


class BranchViewSet(ModelViewSet):
    model = Branch
    icon = "site"
    form_fields = ["code", "name"]
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    search_backend_name = None


class HallViewSet(ModelViewSet):
    model = Hall
    icon = "home"
    form_fields = ["code", "name", "branch", "trainers"]
    list_display = ["code", "name", "branch"]
    list_filter = ["branch"]
    search_fields = ["code", "name"]
    search_backend_name = None


class StaffViewSet(ModelViewSet):
    model = Staff
    icon = "user"
    form_fields = ["staff_no", "name", "hall", "post", "is_backbone", "hired_on", "left_on", "user"]
    list_display = ["staff_no", "name", "hall", "post", BooleanColumn("is_backbone"), "hired_on", "left_on"]
    list_filter = ["hall__branch", "hall", "post", "is_backbone", "hired_on", "left_on"]
    search_fields = ["staff_no", "name"]
    search_backend_name = None
    list_export = ["staff_no", "name", "hall", "post", "is_backbone", "hired_on", "left_on"]


class OrganisationGroup(ModelViewSetGroup):
    menu_label = _("组织与人员")
    menu_icon = "group"
    menu_order = 200
    items = (
        BranchViewSet("branches", url_prefix="people/branches"),
        HallViewSet("halls", url_prefix="people/halls"),
        StaffViewSet("staff", url_prefix="people/staff"),
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return OrganisationGroup()


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("people/import/", admin_views.import_staff, name="people_import")]


class _ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("people.add_staff")


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return _ImportMenuItem(_("导入员工"), reverse("people_import"), icon_name="upload", order=210)


@hooks.register(HOOK)
def profile_panel(request):
    me = staff_of_user(request.user)
    return Panel(_("我的档案"), "people/panel_profile.html", {"staff": me}, order=900) if me else None


@hooks.register(HOOK)
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
