"""What evidence holds about one person, for their download (PIPL): training events and launch assignments."""

from lms.personal_data import Section


def personal_data(staff) -> list[Section]:
    events = staff.training_events.order_by("occurred_at").values(
        "kind", "occurred_at", "source", "source_ref", "topic", "launch__code", "score"
    )
    launches = staff.launch_assignments.order_by("assigned_at").values("launch__code", "assigned_at", "deadline")
    return [Section("training_events", list(events)), Section("launch_assignments", list(launches))]
