"""The 组织与人员 admin group: branches, halls, staff (with their history) and leave periods.

Wagtail checks the model permissions (only HR holds them) on every view, and every view keeps to the rows
the user may see (``lms.admin_scope``). Editing a person's hall, post or
backbone status records a change (``staff_change_record``) instead of overwriting the facts; the inspect
view shows a person's history and leave.
"""

import django_filters
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import Button

from lms.admin_scope import ScopedPermissionPolicy, ScopedViewSetMixin
from lms.empty_choices import EmptyChoiceMixin
from lms.spreadsheets import SafeExportMixin

from . import roles
from .admin_forms import LeaveForm, StaffForm
from .audit import AuditedExportMixin
from .models import Branch, Hall, Leave, Staff
from .selectors import halls_visible_to, staff_visible_to
from .services import staff_change_record, staff_history_begin


class BranchViewSet(EmptyChoiceMixin, ScopedViewSetMixin, ModelViewSet):
    model = Branch
    icon = "site"
    form_fields = ["code", "name"]
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    search_backend_name = None

    def scope(self, queryset, user):
        return queryset.filter(pk__in=halls_visible_to(user).values("branch"))


class HallViewSet(EmptyChoiceMixin, ScopedViewSetMixin, ModelViewSet):
    model = Hall
    icon = "home"
    form_fields = ["code", "name", "branch", "trainers"]
    list_display = ["code", "name", "branch"]
    list_filter = ["branch"]
    search_fields = ["code", "name"]
    search_backend_name = None

    def scope(self, queryset, user):
        return queryset.filter(pk__in=halls_visible_to(user).values("pk"))


class StaffIndexView(AuditedExportMixin, SafeExportMixin, generic.IndexView):
    audit_what = "staff_list"

    def export_people(self, items):
        return [staff.pk for staff in items]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("hall")


class StaffCreateView(generic.CreateView):
    def save_instance(self):
        staff = super().save_instance()
        staff_history_begin(staff=staff)
        return staff


class StaffEditView(generic.EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        staff_change_record(
            staff=self.form.instance,
            effective_on=self.form.effective_day(),
            hall=data["hall"],
            post=data["post"],
            is_backbone=data["is_backbone"],
        )
        return super().save_instance()

    @cached_property
    def header_more_buttons(self):
        history = Button(_("履历与休假"), url=reverse("staff:inspect", args=[self.object.pk]), icon_name="history")
        return [*super().header_more_buttons, history, *_erase_button(self.request, self.object)]


def _erase_button(request, staff) -> list[Button]:
    """注销个人信息 for HR (the page itself says whether the retention period is over)."""
    if not roles.has_role(request.user, roles.HR):
        return []
    return [Button(_("注销个人信息"), url=reverse("people_admin:staff_erase", args=[staff.pk]), icon_name="warning")]


class NoDeletePermissionMixin:
    """For a permission policy: nobody holds "delete" (hides the admin's delete buttons)."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)


class StaffPermissionPolicy(NoDeletePermissionMixin, ScopedPermissionPolicy):
    """Rows in the user's scope only, and no one deletes a person in the admin: a leaver is erased after
    the retention period instead (``people.privacy.staff_erase``), which also cleans the account, the PDFs
    and the verification page."""


class StaffDeleteView(generic.DeleteView):
    """Refuse and point to 注销个人信息, whatever the permission policy says."""

    def dispatch(self, request, *args, **kwargs):
        messages.error(request, _("员工不能删除：离职人员在保留期满后请使用“注销个人信息”。"))
        return redirect("people_admin:staff_erase", kwargs["pk"])


class StaffInspectView(generic.InspectView):
    template_name = "people/admin/staff_inspect.html"

    def get_is_backbone_display_value(self):
        return _("是") if self.object.is_backbone else _("否")

    def get_left_on_display_value(self):
        return self.object.left_on or "—"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = self.object.changes.select_related("hall").order_by("-effective_on")
        context["leaves"] = self.object.leaves.order_by("-start")
        context["today"] = timezone.localdate()
        return context

    @cached_property
    def header_more_buttons(self):
        return [*super().header_more_buttons, *_erase_button(self.request, self.object)]


class StaffViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Staff
    icon = "user"
    index_view_class = StaffIndexView
    add_view_class = StaffCreateView
    edit_view_class = StaffEditView
    inspect_view_class = StaffInspectView
    delete_view_class = StaffDeleteView
    inspect_view_enabled = True

    @cached_property
    def permission_policy(self):
        return StaffPermissionPolicy(self.model, scope=self.scope)

    inspect_view_fields = ["staff_no", "name", "hall", "post", "is_backbone", "hired_on", "left_on", "user"]
    list_display = [
        "staff_no",
        "name",
        "hall",
        "post",
        BooleanColumn("is_backbone", label=_("营业骨干")),
        "hired_on",
        "left_on",
    ]
    list_filter = ["hall__branch", "hall", "post", "is_backbone", "hired_on", "left_on"]
    search_fields = ["staff_no", "name"]
    search_backend_name = None
    list_export = ["staff_no", "name", "hall", "post", "is_backbone", "hired_on", "left_on"]

    def get_form_class(self, for_update=False):
        return StaffForm

    def scope(self, queryset, user):
        return queryset.filter(pk__in=staff_visible_to(user).values("pk"))


class LeaveFilterSet(WagtailFilterSet):
    hall = django_filters.ModelChoiceFilter(field_name="staff__hall", queryset=Hall.objects.all(), label=_("营业厅"))
    on = django_filters.DateFilter(label=_("在假日期"), method="filter_on", widget=AdminDateInput)

    class Meta:
        model = Leave
        fields = ["kind", "start", "end"]

    def filter_on(self, queryset, name, value):
        return queryset.filter(start__lte=value, end__gte=value)


class LeaveIndexView(AuditedExportMixin, SafeExportMixin, generic.IndexView):
    audit_what = "leave_list"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("staff")


class LeaveViewSet(ScopedViewSetMixin, ModelViewSet):
    model = Leave
    icon = "date"
    index_view_class = LeaveIndexView
    list_display = ["staff", "kind", "start", "end", "note"]
    filterset_class = LeaveFilterSet
    search_fields = ["staff__staff_no", "staff__name"]
    search_backend_name = None
    list_export = ["staff", "kind", "start", "end", "note"]

    def get_form_class(self, for_update=False):
        return LeaveForm

    def scope(self, queryset, user):
        return queryset.filter(staff__in=staff_visible_to(user).values("pk"))


class OrganisationGroup(ModelViewSetGroup):
    menu_label = _("组织与人员")
    menu_icon = "group"
    menu_order = 200
    items = (
        BranchViewSet("branches", url_prefix="people/branches"),
        HallViewSet("halls", url_prefix="people/halls"),
        StaffViewSet("staff", url_prefix="people/staff"),
        LeaveViewSet("leave", url_prefix="people/leave"),
    )
