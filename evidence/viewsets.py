"""The admin's view of training evidence (grouped under 培训合规 by ``compliance.viewsets``)."""

from wagtail.admin.viewsets.model import ModelViewSet

from lms.empty_choices import EmptyChoiceMixin

from .models import TrainingEvent


class EventViewSet(EmptyChoiceMixin, ModelViewSet):
    model = TrainingEvent
    icon = "list-ul"
    form_fields = ["staff", "kind", "occurred_at", "source", "source_ref", "topic", "launch", "score"]
    list_display = ["staff", "kind", "occurred_at", "source", "topic"]
    list_filter = ["kind", "source"]
    search_fields = ["staff__staff_no", "staff__name", "topic"]
    search_backend_name = None
    list_export = ["staff", "kind", "occurred_at", "source", "source_ref", "topic", "launch", "score"]
