"""Links into records from other apps' pages: the hall report's period chooser."""

from django import template
from django.utils import timezone

from ..forms import HallReportForm

register = template.Library()


@register.inclusion_tag("records/includes/hall_report_chooser.html")
def hall_report_chooser(*, hall=None, halls=(), year=None):
    """The chooser form for ``hall`` (fixed) or one of ``halls`` (a list the caller loaded, branch too)."""
    halls = [hall] if hall is not None else list(halls)
    initial = {"year": year or timezone.localdate().year, "hall": halls[0].code if halls else None}
    form = HallReportForm(halls=halls, initial=initial)
    return {"form": form, "fixed_hall": halls[0] if len(halls) == 1 else None}
