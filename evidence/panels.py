"""The section evidence adds to a staff profile (registered in ``wagtail_hooks``): the training events
the compliance rules count, newest first."""

from django.utils.translation import gettext_lazy as _

from lms.panels import Panel
from people.profile import rows_shown

from .models import TrainingEvent


def events_section(request, *, staff) -> Panel:
    """计入合规的培训: every piece of training evidence (attended, quiz passed, module finished, imported)."""
    events, more = rows_shown(
        TrainingEvent.objects.filter(staff=staff).select_related("launch").order_by("-occurred_at", "-pk")
    )
    return Panel(_("计入合规的培训"), "evidence/profile_events.html", {"events": events, "more": more}, order=25)
