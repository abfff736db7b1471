"""What notices holds about one person, for their download (PIPL): the notices sent to their account."""

from lms.personal_data import Section

from .models import Notification


def personal_data(staff) -> list[Section]:
    notices = Notification.objects.filter(user_id=staff.user_id) if staff.user_id else Notification.objects.none()
    rows = notices.order_by("created_at").values("text", "url", "created_at", "read_at", "emailed_at")
    return [Section("notifications", list(rows))]
