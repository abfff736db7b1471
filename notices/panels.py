"""The notices panel this app adds to "我的培训" (registered in ``wagtail_hooks``)."""

from django.utils.translation import gettext_lazy as _

from lms.panels import MY_TRAINING, Panel

from .models import Notification


def notifications_panel(request, *, page) -> Panel | None:
    """The latest notices (invitations, reminders, missed deadlines) with "mark all read"."""
    if page != MY_TRAINING or not request.user.is_authenticated:
        return None
    notes = list(Notification.objects.filter(user=request.user)[:20])
    return Panel(_("通知"), "notices/section_notifications.html", {"notifications": notes}, order=90)
