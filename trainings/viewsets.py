"""The admin's view of training sessions (grouped under 培训合规 by ``compliance.viewsets``)."""

from wagtail.admin.viewsets.model import ModelViewSet

from lms.empty_choices import EmptyChoiceMixin

from .models import TrainingSession


class SessionViewSet(EmptyChoiceMixin, ModelViewSet):
    model = TrainingSession
    icon = "group"
    form_fields = [
        "kind", "topic", "launch", "module", "quiz_ref", "trainer", "trainer_name", "starts_at", "ends_at",
        "place", "halls", "invitees", "materials", "notes", "checkin_code",
    ]  # fmt: skip
    list_display = ["topic", "kind", "starts_at", "place", "trainer"]
    list_filter = ["kind", "halls"]
    search_fields = ["topic", "place", "trainer_name"]
    search_backend_name = None
