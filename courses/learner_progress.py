"""Learner progress report: the rules that turn loaded facts into rows, summaries and export rows.

Pure (no Django): ``courses.selectors.learner_progress`` loads the facts in a fixed number of queries and
calls ``progress_row`` once per assignment; the admin report (``courses.reports``) renders the rows or
exports them (these machine columns after its human ones).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


def module_overdue(*, due_on: datetime.date | None, complete: bool, today: datetime.date) -> bool:
    """An assigned module is overdue once its due date has passed and it is not complete."""
    return bool(due_on and due_on < today and not complete)


@dataclass(frozen=True)
class QuizGrade:
    """A person's final grade on a module's quiz (None: no finished attempt yet)."""

    quiz_id: int
    title: str
    pass_mark: float
    grade: float | None

    @property
    def passed(self) -> bool:
        return self.grade is not None and self.grade >= self.pass_mark


@dataclass(frozen=True)
class ProgressRow:
    """One assigned module of one person."""

    staff_id: int
    staff_no: str
    name: str
    hall_code: str
    hall_name: str
    module_id: int
    module_code: str
    module_title: str
    done: int
    total: int
    due_on: datetime.date | None
    completed_at: datetime.datetime | None
    overdue: bool
    quiz: QuizGrade | None
    module_rank: int = 0
    """The module's place in the catalogue, to list modules in reading order."""

    @property
    def complete(self) -> bool:
        return self.completed_at is not None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress_row(
    *, person: dict, module: dict, lesson_ids: list[int], completed: dict[int, datetime.datetime], due_on, today, quiz
) -> ProgressRow:
    """Build a row from the module's live lessons and the person's lesson completion times.

    A module is complete when every live lesson is (one without lessons never is); its completion time
    is that of the last lesson finished.
    """
    times = [completed[pk] for pk in lesson_ids if pk in completed]
    complete = bool(lesson_ids) and len(times) == len(lesson_ids)
    return ProgressRow(
        **person,
        **module,
        done=len(times),
        total=len(lesson_ids),
        due_on=due_on,
        completed_at=max(times) if complete else None,
        overdue=module_overdue(due_on=due_on, complete=complete, today=today),
        quiz=quiz,
    )


@dataclass
class ModuleSummary:
    module_id: int
    module_code: str
    module_title: str
    assigned: int = 0
    completed: int = 0
    overdue: int = 0
    quiz_taken: int = 0
    quiz_passed: int = 0
    has_quiz: bool = False

    @property
    def percent_completed(self) -> int:
        return round(100 * self.completed / self.assigned) if self.assigned else 0


def module_summaries(rows: list[ProgressRow]) -> list[ModuleSummary]:
    """Per module (in catalogue order): assigned, completed, overdue, quizzes taken and passed."""
    found: dict[int, ModuleSummary] = {}
    for row in rows:
        s = found.setdefault(row.module_id, ModuleSummary(row.module_id, row.module_code, row.module_title))
        s.assigned += 1
        s.completed += row.complete
        s.overdue += row.overdue
        if row.quiz is not None:
            s.has_quiz = True
            s.quiz_taken += row.quiz.grade is not None
            s.quiz_passed += row.quiz.passed
    ranks = {row.module_id: row.module_rank for row in rows}
    return sorted(found.values(), key=lambda s: ranks[s.module_id])


def by_person(rows: list[ProgressRow]) -> list[tuple[ProgressRow, list[ProgressRow]]]:
    """Group consecutive rows of the same person: ``[(first row, rows)]`` (rows come sorted by person)."""
    groups: list[tuple[ProgressRow, list[ProgressRow]]] = []
    for row in rows:
        if groups and groups[-1][0].staff_id == row.staff_id:
            groups[-1][1].append(row)
        else:
            groups.append((row, [row]))
    return groups


CSV_COLUMNS = [
    "staff_no",
    "name",
    "hall_code",
    "hall",
    "module_code",
    "module",
    "lessons_done",
    "lessons_total",
    "due_on",
    "overdue",
    "completed_on",
    "quiz",
    "quiz_grade",
    "quiz_passed",
]


def export_row(r: ProgressRow, *, tz: datetime.tzinfo) -> list:
    """One row's ``CSV_COLUMNS``; dates in ``tz``; empty cells where there is no value."""

    def flag(value: bool) -> str:
        return "true" if value else "false"

    q = r.quiz
    return [
        r.staff_no,
        r.name,
        r.hall_code,
        r.hall_name,
        r.module_code,
        r.module_title,
        r.done,
        r.total,
        r.due_on.isoformat() if r.due_on else "",
        flag(r.overdue),
        r.completed_at.astimezone(tz).date().isoformat() if r.completed_at else "",
        q.title if q else "",
        f"{q.grade:g}" if q and q.grade is not None else "",
        flag(q.passed) if q else "",
    ]


def export_rows(rows: list[ProgressRow], *, tz: datetime.tzinfo) -> list[list]:
    """One list per row (``CSV_COLUMNS``), see ``export_row``."""
    return [export_row(r, tz=tz) for r in rows]
