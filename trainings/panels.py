"""The panels this app adds: check-in on "我的培训" and the sessions section of a staff profile
(registered in ``wagtail_hooks``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.panels import MY_TRAINING, Panel
from people.selectors import staff_of_user

from .forms import CheckInForm
from .history import session_history


def check_in_panel(request, *, page) -> Panel | None:
    """Self check-in with the code shown at the session, first on "我的培训" (people open it on arrival)."""
    if page != MY_TRAINING or staff_of_user(request.user) is None:
        return None
    return Panel(_("签到"), "trainings/section_checkin.html", {"form": CheckInForm()}, order=1)


def sessions_section(request, *, staff) -> Panel:
    """培训经历 on a staff profile: the sessions they were invited to or attended, and how it went."""
    return Panel(
        _("培训经历"),
        "trainings/profile_sessions.html",
        {"history": session_history(staff=staff, now=timezone.now())},
        order=20,
    )
