"""What exams holds about one person, for their download (PIPL): assignments, attempts, answers, votes."""

from lms.personal_data import Section

from .models import Answer


def personal_data(staff) -> list[Section]:
    assignments = staff.quiz_assignments.order_by("created_at").values(
        "id", "quiz__title", "kind", "period_key", "due_at", "passed_at", "created_at"
    )
    attempts = staff.quiz_attempts.order_by("started_at").values(
        "id", "quiz__title", "assignment_id", "number", "state", "started_at", "finished_at", "score"
    )
    answers = (
        Answer.objects.filter(attempt__staff=staff)
        .order_by("attempt_id", "question_id")
        .values("attempt_id", "question_id", "response", "saved_at", "score", "graded_at", "comment")
    )
    votes = staff.poll_votes.order_by("pk").values()
    return [
        Section("quiz_assignments", list(assignments)),
        Section("quiz_attempts", list(attempts)),
        Section("quiz_answers", list(answers)),
        Section("poll_votes", list(votes)),
    ]
