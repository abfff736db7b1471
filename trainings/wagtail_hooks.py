"""The check-in section this app adds to "我的培训"."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.panels import MY_TRAINING_SECTIONS, Section
from people.selectors import staff_of_user

from .forms import CheckInForm


@hooks.register(MY_TRAINING_SECTIONS)
def check_in_section(request) -> Section | None:
    """Self check-in with the code shown at the session, first on "我的培训" (people open it on arrival)."""
    if staff_of_user(request.user) is None:
        return None
    return Section(_("签到"), "trainings/section_checkin.html", {"form": CheckInForm()}, order=1)
