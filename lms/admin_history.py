"""Wagtail's site history report (and its CSV/XLSX), limited to actions on rows the user may see.

Wagtail lets a user see the log entries of every model they hold a permission on; for the models scoped by
``lms.admin_scope`` it also shows every row's label (a person's name) to everyone holding that permission.
Here an entry of a scoped model is shown only if its row is in the user's scope or the user did it.
Wagtail has no hook to filter the report, so ``lms.urls`` serves this view at the report's own address.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.log_actions import registry as log_action_registry

from .admin_scope import SCOPES, rows_in_scope


def entries_visible_to(user, queryset):
    """Keep the log entries of scoped models whose row ``user`` may see, or which ``user`` wrote."""
    if user.is_superuser or not any(f.name == "object_id" for f in queryset.model._meta.fields):
        return queryset  # page log entries: no scoped model is a page
    for model in SCOPES:
        visible = rows_in_scope(model, user).annotate(pk_text=Cast("pk", CharField())).values("pk_text")
        content_type = ContentType.objects.get_for_model(model)
        queryset = queryset.filter(~Q(content_type=content_type) | Q(user=user) | Q(object_id__in=visible))
    return queryset


class ScopedHistoryFilterSet(SiteHistoryReportFilterSet):
    def get_user_choices(self):
        ids = set()
        for log_model in log_action_registry.get_log_entry_models():
            entries = entries_visible_to(self.request.user, log_model.objects.viewable_by_user(self.request.user))
            ids.update(entries.get_user_ids())
        User = get_user_model()
        return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)


class ScopedLogEntriesView(LogEntriesView):
    filterset_class = ScopedHistoryFilterSet

    def filter_queryset(self, queryset):
        return super().filter_queryset(entries_visible_to(self.request.user, queryset))


site_history = require_admin_access(ScopedLogEntriesView.as_view())
site_history_results = require_admin_access(ScopedLogEntriesView.as_view(results_only=True))
