"""The panels compliance adds to the person's pages (registered in ``wagtail_hooks``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.panels import LANDING, MY_TRAINING, Panel
from people import roles
from people.selectors import staff_of_user

from . import dashboards

_STATUS_TEMPLATE = {LANDING: ("compliance/panel.html", 50), MY_TRAINING: ("compliance/section.html", 5)}


def status_panel(request, *, page) -> Panel | None:
    """培训完成情况: the person's status against the rules; on "我的培训" also the sessions they are invited to."""
    if page not in _STATUS_TEMPLATE:
        return None
    me = staff_of_user(request.user)
    if me is None:
        return None
    template, order = _STATUS_TEMPLATE[page]
    return Panel(_("培训完成情况"), template, dashboards.staff_overview(staff=me, at=timezone.now()), order=order)


def manage_panel(request, *, page) -> Panel | None:
    """Links for the people who run training: the hall matrix, the overview, sessions and sheets."""
    if page != LANDING or not roles.is_organiser(request.user):
        return None
    return Panel(_("培训管理"), "compliance/panel_manage.html", {}, order=400)
