"""The notices section this app adds to "我的培训"."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.panels import MY_TRAINING_SECTIONS, Section

from .models import Notification


@hooks.register(MY_TRAINING_SECTIONS)
def notifications_section(request) -> Section | None:
    """The latest notices (invitations, reminders, missed deadlines) with "mark all read"."""
    if not request.user.is_authenticated:
        return None
    notes = list(Notification.objects.filter(user=request.user)[:20])
    return Section(_("通知"), "notices/section_notifications.html", {"notifications": notes}, order=90)
