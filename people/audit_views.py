"""审计日志: the audit trail as a read-only admin report (Reports menu), for HR only, with CSV/XLSX export.

Filters: person (staff number), actor, action and a date range. There is no edit or delete view; the
entries are Wagtail's ``ModelLogEntry`` rows written by ``people.audit.audit_record``.
"""

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.models import ModelLogEntry

from . import roles
from .audit import ACTIONS, audit_entries, people_of
from .models import Staff


class AuditFilterSet(WagtailFilterSet):
    person = django_filters.CharFilter(label=_("工号"), method="filter_person")
    user = django_filters.ModelChoiceFilter(
        label=_("操作人"), queryset=lambda request: _actors(), empty_label=_("全部")
    )
    action = django_filters.ChoiceFilter(
        label=_("操作"), choices=[(a, label) for a, (label, _m) in ACTIONS.items()], empty_label=_("全部")
    )
    timestamp = django_filters.DateFromToRangeFilter(label=_("日期"), widget=DateRangePickerWidget)

    class Meta:
        model = ModelLogEntry
        fields = []

    def filter_person(self, queryset, name, value):
        staff = Staff.objects.filter(staff_no=value.strip()).first()
        return queryset.filter(people_of(staff.pk)) if staff else queryset.none()


def _actors():
    User = get_user_model()
    ids = audit_entries().exclude(user=None).order_by().values("user_id").distinct()
    return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)


def _people(entry) -> str:
    return "、".join(entry.data.get("staff_nos", []))


def _details(entry) -> str:
    hidden = {"people", "staff_nos", "people_key"}
    return "; ".join(f"{k}: {v}" for k, v in entry.data.items() if k not in hidden)


class AuditReportView(ReportView):
    page_title = _("审计日志")
    header_icon = "history"
    results_template_name = "people/admin/audit_results.html"
    index_url_name = "people_admin:audit"
    index_results_url_name = "people_admin:audit_results"
    filterset_class = AuditFilterSet
    paginate_by = 50
    list_export = ["timestamp", "action_label", "user_display_name", "label", "people", "details"]
    export_headings = {
        "timestamp": _("时间"),
        "action_label": _("操作"),
        "user_display_name": _("操作人"),
        "label": _("对象"),
        "people": _("涉及人员（工号）"),
        "details": _("详情"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not roles.has_role(request.user, roles.HR):
            return permission_denied(request, PermissionDenied())  # a 403, not Wagtail's redirect home
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return audit_entries().order_by("-timestamp", "-pk")

    @property
    def no_results_message(self):
        """Replace Wagtail's English "There are no results." (the view has no model name to put in it)."""
        return _("没有符合筛选条件的记录。") if self.is_filtering else _("还没有审计记录。")

    def decorate_paginated_queryset(self, object_list):
        object_list = list(object_list)
        for entry in object_list:
            entry.action_label = ACTIONS[entry.action][0]
            entry.people = _people(entry)
            entry.details = _details(entry)
        return object_list

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["timestamp"] = timezone.localtime(item.timestamp).strftime("%Y-%m-%d %H:%M:%S")
        return row

    def get_filename(self):
        return f"audit-{timezone.localdate().isoformat()}"


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.has_role(request.user, roles.HR)
