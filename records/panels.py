"""The panel records adds to the landing page and its staff profile section (registered in ``wagtail_hooks``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.panels import LANDING, Panel
from people import roles
from people.profile import rows_shown
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


def records_section(request, *, staff) -> Panel:
    """培训档案与评定 on a staff profile: the transcript PDFs of this year and the last, and the appraisals the
    viewer may read (a trainee their signed ones only), signed or not, each with its PDF."""
    appraisals, more = rows_shown(
        appraisals_visible_to(request.user).filter(staff=staff).order_by("-period_end", "-version", "-pk")
    )
    year = timezone.localdate().year
    context = {"staff": staff, "years": [year, year - 1], "appraisals": appraisals, "more": more}
    return Panel(_("培训档案与评定"), "records/profile_records.html", context, order=50)
