"""The panels records adds to the landing page and its staff profile section (registered in ``wagtail_hooks``)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.panels import LANDING, Panel
from people import roles
from people.profile import rows_shown
from people.selectors import halls_visible_to, staff_of_user

from .selectors import appraisals_to_sign, appraisals_visible_to


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
    return Panel(gettext_lazy("培训档案"), "records/panel_records.html", context, order=800)


def to_sign_panel(request, *, page) -> Panel | None:
    """待签署: a hall manager's appraisals of their hall waiting for their signature, oldest first."""
    if page != LANDING or not roles.has_role(request.user, roles.HALL_MANAGER) or staff_of_user(request.user) is None:
        return None
    appraisals = list(appraisals_to_sign(request.user))
    title = _("待签署（%(n)s）") % {"n": len(appraisals)}
    return Panel(title, "records/panel_to_sign.html", {"appraisals": appraisals}, order=30)


def hall_report_panel(request, *, page) -> Panel | None:
    """营业厅培训报告: the period chooser of the hall report, for the organisers of at least one hall."""
    if page != LANDING or not roles.is_organiser(request.user):
        return None
    halls = list(halls_visible_to(request.user).select_related("branch").order_by("code"))
    if not halls:
        return None
    return Panel(gettext_lazy("营业厅培训报告"), "records/panel_hall_report.html", {"halls": halls}, order=450)


def records_section(request, *, staff) -> Panel:
    """培训档案与评定 on a staff profile: the transcript PDFs of this year and the last, and the appraisals the
    viewer may read (a trainee their signed ones only), signed or not, each with its PDF."""
    appraisals, more = rows_shown(
        appraisals_visible_to(request.user).filter(staff=staff).order_by("-period_end", "-version", "-pk")
    )
    year = timezone.localdate().year
    context = {"staff": staff, "years": [year, year - 1], "appraisals": appraisals, "more": more}
    return Panel(gettext_lazy("培训档案与评定"), "records/profile_records.html", context, order=50)
