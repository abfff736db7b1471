"""The admin's view of training sessions (grouped under 培训合规 by ``compliance.viewsets``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from lms.admin_scope import ScopedViewSetMixin
from lms.empty_choices import EmptyChoiceMixin
from people import roles

from .models import TrainingSession
from .selectors import sessions_visible_to


class SessionViewSet(EmptyChoiceMixin, ScopedViewSetMixin, ModelViewSet):
    model = TrainingSession
    icon = "group"
    form_fields = [
        "kind", "topic", "launch", "module", "quiz_ref", "trainer", "trainer_name", "starts_at", "ends_at",
        "place", "halls", "invitees", "materials", "notes", "checkin_code",
    ]  # fmt: skip
    list_display = ["topic", "kind", Column("when_text", label=_("时间"), sort_key="starts_at"), "place", "trainer"]
    list_filter = ["kind", "halls"]
    search_fields = ["topic", "place", "trainer_name"]
    search_backend_name = None

    def scope(self, queryset, user):
        """HR: every session; others: the sessions they train or held for a hall they may see."""
        if roles.has_role(user, roles.HR):
            return queryset
        return queryset.filter(pk__in=sessions_visible_to(user).values("pk"))
