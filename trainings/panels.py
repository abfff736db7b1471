"""The check-in panel this app adds to "我的培训" (registered in ``wagtail_hooks``)."""

from django.utils.translation import gettext_lazy as _

from lms.panels import MY_TRAINING, Panel
from people.selectors import staff_of_user

from .forms import CheckInForm


def check_in_panel(request, *, page) -> Panel | None:
    """Self check-in with the code shown at the session, first on "我的培训" (people open it on arrival)."""
    if page != MY_TRAINING or staff_of_user(request.user) is None:
        return None
    return Panel(_("签到"), "trainings/section_checkin.html", {"form": CheckInForm()}, order=1)
