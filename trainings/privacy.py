"""What trainings holds about one person, for their download (PIPL): invitations and attendance."""

from lms.personal_data import Section


def personal_data(staff) -> list[Section]:
    invited = staff.invited_sessions.order_by("starts_at").values("id", "topic", "kind", "starts_at", "place")
    attendance = staff.attendances.order_by("session__starts_at").values(
        "session_id", "session__topic", "session__starts_at", "checked_in_at", "method", "score"
    )
    return [Section("training_invitations", list(invited)), Section("attendance", list(attendance))]
