"""The admin's view of training evidence (grouped under 培训合规 by ``compliance.viewsets``)."""

from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from lms.admin_scope import ScopedViewSetMixin
from lms.empty_choices import EmptyChoiceMixin
from lms.spreadsheets import SafeExportMixin
from people.audit import AuditedExportMixin
from people.selectors import staff_visible_to

from .models import TrainingEvent


class EventIndexView(AuditedExportMixin, SafeExportMixin, generic.IndexView):
    """The list; its CSV/XLSX export is made safe to open (``lms.spreadsheets``) and audited with the people in it."""

    audit_what = "training_events"


class EventViewSet(EmptyChoiceMixin, ScopedViewSetMixin, ModelViewSet):
    model = TrainingEvent
    icon = "list-ul"
    index_view_class = EventIndexView
    form_fields = ["staff", "kind", "occurred_at", "source", "source_ref", "topic", "launch", "score"]
    list_display = ["staff", "kind", "occurred_at", "source", "topic"]
    list_filter = ["kind", "source"]
    search_fields = ["staff__staff_no", "staff__name", "topic"]
    search_backend_name = None
    list_export = ["staff", "kind", "occurred_at", "source", "source_ref", "topic", "launch", "score"]

    def scope(self, queryset, user):
        return queryset.filter(staff__in=staff_visible_to(user).values("pk"))
