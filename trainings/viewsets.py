"""The admin's view of training sessions (grouped under 培训合规 by ``compliance.viewsets``)."""

from django.db.models import Q
from wagtail.admin.viewsets.model import ModelViewSet

from lms.admin_scope import ScopedViewSetMixin
from lms.empty_choices import EmptyChoiceMixin
from people import roles
from people.selectors import halls_visible_to

from .models import TrainingSession


class SessionViewSet(EmptyChoiceMixin, ScopedViewSetMixin, ModelViewSet):
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

    def scope(self, queryset, user):
        """HR: every session; others: the sessions they train or held for a hall they may see."""
        if roles.has_role(user, roles.HR):
            return queryset
        mine = queryset.model.objects.filter(Q(trainer=user) | Q(halls__in=halls_visible_to(user)))
        return queryset.filter(pk__in=mine.values("pk"))
