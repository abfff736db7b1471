"""The panel records adds to the landing page (registered in ``wagtail_hooks``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.panels import LANDING, Panel
from people import roles
from people.selectors import staff_of_user

from .selectors import appraisals_visible_to


def records_panel(request, *, page) -> Panel | None:
    """培训档案: the person's latest appraisals, and the export for HR."""
    if page != LANDING:
        return None
    me = staff_of_user(request.user)
    can_export = roles.has_role(request.user, roles.HR)
    if me is None and not can_export:
        return None
    appraisals = list(appraisals_visible_to(request.user).filter(staff=me).order_by("-version")[:3]) if me else []
    context = {"staff": me, "year": timezone.localdate().year, "appraisals": appraisals, "can_export": can_export}
    return Panel(_("培训档案"), "records/panel_records.html", context, order=800)
