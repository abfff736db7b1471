"""The learner progress rules: plain functions over plain values, no database."""

import datetime

from courses.learner_progress import (
    QuizGrade,
    by_person,
    export_rows,
    module_overdue,
    module_summaries,
    progress_row,
)

TODAY = datetime.date(2026, 12, 4)
UTC = datetime.UTC
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def row(staff_id=1, module_id=10, *, lessons=(1, 2, 3), completed=None, due_on=None, quiz=None, rank=0):
    return progress_row(
        person={
            "staff_id": staff_id,
            "staff_no": f"S{staff_id}",
            "name": "张三",
            "hall_code": "H1",
            "hall_name": "甲厅",
        },
        module={
            "module_id": module_id,
            "module_code": f"M{module_id}",
            "module_title": "投诉处理",
            "module_rank": rank,
        },
        lesson_ids=list(lessons),
        completed=completed or {},
        due_on=due_on,
        today=TODAY,
        quiz=quiz,
    )


def at(day, hour=10):
    return datetime.datetime(2026, 12, day, hour, tzinfo=UTC)


def test_counts_only_completed_live_lessons_of_the_module():
    r = row(completed={1: at(1), 3: at(2), 99: at(3)})
    assert (r.done, r.total, r.percent, r.complete, r.completed_at) == (2, 3, 67, False, None)


def test_module_is_complete_at_its_last_lesson_finished():
    r = row(completed={1: at(3), 2: at(1), 3: at(2)}, due_on=TODAY - datetime.timedelta(days=10))
    assert r.complete and r.completed_at == at(3) and not r.overdue


def test_module_without_live_lessons_is_never_complete():
    r = row(lessons=())
    assert (r.done, r.total, r.percent, r.complete) == (0, 0, 0, False)


def test_overdue_only_after_the_due_day_and_while_incomplete():
    assert not module_overdue(due_on=TODAY, complete=False, today=TODAY)
    assert module_overdue(due_on=TODAY - datetime.timedelta(days=1), complete=False, today=TODAY)
    assert not module_overdue(due_on=TODAY - datetime.timedelta(days=1), complete=True, today=TODAY)
    assert not module_overdue(due_on=None, complete=False, today=TODAY)


def test_quiz_passes_at_the_pass_mark_and_not_without_a_grade():
    assert QuizGrade(1, "测验", 80.0, 80.0).passed
    assert not QuizGrade(1, "测验", 80.0, 79.5).passed
    assert not QuizGrade(1, "测验", 80.0, None).passed


def test_summary_per_module_in_catalogue_order():
    late = TODAY - datetime.timedelta(days=2)
    rows = [
        row(1, 20, rank=1),
        row(1, 10, completed={1: at(1), 2: at(1), 3: at(1)}, quiz=QuizGrade(5, "测验", 80, 90.0), rank=0),
        row(2, 10, due_on=late, quiz=QuizGrade(5, "测验", 80, 60.0), rank=0),
        row(3, 10, quiz=QuizGrade(5, "测验", 80, None), rank=0),
    ]
    first, second = module_summaries(rows)
    assert (first.module_id, first.assigned, first.completed, first.overdue) == (10, 3, 1, 1)
    assert (first.has_quiz, first.quiz_taken, first.quiz_passed, first.percent_completed) == (True, 2, 1, 33)
    assert (second.module_id, second.assigned, second.has_quiz) == (20, 1, False)


def test_rows_group_by_person_in_order():
    rows = [row(1, 10), row(1, 20), row(2, 10)]
    assert [(p.staff_id, len(mine)) for p, mine in by_person(rows)] == [(1, 2), (2, 1)]


def test_export_row_has_local_completion_day_and_quiz_result():
    done = row(completed={1: at(4, 17), 2: at(1), 3: at(1)}, quiz=QuizGrade(5, "投诉测验", 80, 85.5))
    todo = row(2, due_on=TODAY - datetime.timedelta(days=1))
    first, second = export_rows([done, todo], tz=SHANGHAI)
    assert first[6:] == [3, 3, "", "false", "2026-12-05", "投诉测验", "85.5", "true"]
    assert second[6:] == [0, 3, "2026-12-03", "true", "", "", "", ""]
