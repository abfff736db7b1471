"""The transcript's 测验成绩: each quiz assignment due in the period with its final grade (the grade that
counts under the quiz's grading method) and whether it was passed by its due time, read back from the PDF."""

import datetime

from django.utils import timezone

from exams.models import Attempt, AttemptState, Quiz, QuizAssignment
from records.documents import transcript_specs
from records.services import document_render

from .helpers import needs_poppler, pdf_text

Y2026 = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31)}
TZ = timezone.get_default_timezone()


def _assignment(staff, quiz, due: datetime.date, scores, *, passed=False, key=""):
    due_at = datetime.datetime.combine(due, datetime.time(18), tzinfo=TZ)
    assignment = QuizAssignment.objects.create(
        staff=staff, quiz=quiz, due_at=due_at, period_key=key or f"weekly:{due}", kind="weekly"
    )
    for number, score in enumerate(scores, 1):
        at = due_at - datetime.timedelta(days=2, hours=-number)
        Attempt.objects.create(
            staff=staff,
            quiz=quiz,
            assignment=assignment,
            number=number,
            state=AttemptState.FINISHED,
            started_at=at,
            finished_at=at,
            score=score,
        )
    if passed:
        QuizAssignment.objects.filter(pk=assignment.pk).update(passed_at=due_at - datetime.timedelta(days=1))
    return assignment


def _quizzes(staff):
    highest = Quiz.objects.create(title="服务礼仪周测", grading_method="highest", attempts_allowed=3, pass_mark=80)
    average = Quiz.objects.create(title="投诉处理月测", grading_method="average", attempts_allowed=2, pass_mark=80)
    _assignment(staff, highest, datetime.date(2026, 3, 8), [60, 90], passed=True, key="weekly:2026-W10")
    _assignment(staff, average, datetime.date(2026, 4, 30), [70, 80], key="monthly:2026-04")
    _assignment(staff, highest, datetime.date(2025, 12, 28), [95], passed=True, key="weekly:2025-W52")
    return highest, average


def test_transcript_data_has_each_assignments_final_grade_and_outcome(org):
    staff = org["staff_a1"]
    _quizzes(staff)
    (spec,) = transcript_specs([staff], **Y2026)
    assert [(q["quiz"], q["period"], q["grade"], q["passed"], q["outcome"]) for q in spec.data["quizzes"]] == [
        ("服务礼仪周测", "2026-W10", 90.0, True, "通过"),
        ("投诉处理月测", "2026-04", 75.0, False, "未通过"),
    ]


@needs_poppler
def test_transcript_pdf_reads_back_the_quiz_results_beside_the_training_events(org):
    staff = org["staff_a1"]
    _quizzes(staff)
    text = pdf_text(document_render(transcript_specs([staff], **Y2026)[0]).file_path.read_bytes())
    assert text.index("培训记录") < text.index("测验成绩")
    section = text[text.index("测验成绩") :]
    for expected in ("服务礼仪周测", "2026-W10", "90.0", "通过", "投诉处理月测", "75.0", "未通过"):
        assert expected in section
    assert "2025-W52" not in text  # due in another period


@needs_poppler
def test_a_transcript_without_quizzes_says_so(org):
    text = pdf_text(document_render(transcript_specs([org["staff_a2"]], **Y2026)[0]).file_path.read_bytes())
    assert "测验成绩" in text and "本期间没有测验任务。" in text
