"""What courses holds about one person, for their download (PIPL): module assignments and lesson progress."""

from lms.personal_data import Section


def personal_data(staff) -> list[Section]:
    modules = staff.module_assignments.order_by("assigned_at").values(
        "module__code", "module__title", "due_on", "source", "assigned_at"
    )
    lessons = staff.lesson_progress.order_by("started_at").values(
        "lesson_id", "lesson__title", "started_at", "completed_at", "last_position", "answers"
    )
    return [Section("module_assignments", list(modules)), Section("module_progress", list(lessons))]
