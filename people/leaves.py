"""Leave periods: their kinds, and parsing and validating leave files. Pure: no ORM.

The service (``people.services``) loads what only the database knows (the people named in the file and
their registered leave) as plain data, so every problem of a line is found here and listed together.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from i18n import punctuation
from i18n.messages import Message
from lms.importsheets import Column, header_of

from .identifiers import identifier_problem
from .imports import RowError, missing, parse_iso_date, row_dates, too_long

NOTE_MAX = 200
"""The longest note (``Leave.note``)."""


class LeaveKind(models.TextChoices):
    """The kinds of leave of training-policy.md ("Through time"): each counts like not being employed."""

    SICK = "sick", _("病假")
    PERSONAL = "personal", _("事假")
    MARRIAGE = "marriage", _("婚假")
    BEREAVEMENT = "bereavement", _("丧假")
    MATERNITY = "maternity", _("产假")
    FAMILY_VISIT = "family_visit", _("探亲假")


_AMBIGUOUS = {"婚丧假"}


def leave_kind_names() -> list[str]:
    """The Chinese names of the kinds of leave, as import files write them (the template's drop-down)."""
    with translation.override(settings.LANGUAGE_CODE):
        return [str(label) for _value, label in LeaveKind.choices]


LEAVE_COLUMNS = (
    Column("staff_no", _("工号"), _("员工的工号。"), "10086"),
    Column("kind", _("假别"), _("假别名称，见可选值。"), "病假", choices=leave_kind_names),
    Column("start", _("首日"), _("休假第一天（YYYY-MM-DD）。"), "2026-03-02"),
    Column("end", _("末日"), _("休假最后一天（YYYY-MM-DD），含当天。"), "2026-03-06"),
    Column("note", _("备注"), _("可选列：备注，最多 200 字。"), "", required=False),
)
LEAVE_HEADER = header_of(LEAVE_COLUMNS)
"""Required columns of a leave file; an optional ``note`` column is kept."""


def leave_kind_from_text(text: str) -> str | None:
    """Return the kind for a code, a Chinese name or a name in the active language, else None."""
    text = (text or "").strip()
    with translation.override(settings.LANGUAGE_CODE):
        chinese = {str(label): value for value, label in LeaveKind.choices}
    if text in chinese:
        return chinese[text]
    for value, label in LeaveKind.choices:
        if text.lower() in (value, str(label).lower()):
            return value
    return None


@dataclass(frozen=True)
class Period:
    """A registered leave period (first and last day, inclusive)."""

    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class Employment:
    hired_on: datetime.date
    left_on: datetime.date | None


@dataclass(frozen=True)
class LeaveRow:
    line: int
    staff_no: str
    kind: str
    start: datetime.date
    end: datetime.date
    note: str | None = None
    """None when the file has no ``note`` column (a registered note then stays)."""

    @property
    def kind_label(self) -> str:
        return LeaveKind(self.kind).label


def overlaps(a: Period, b: Period) -> bool:
    """Whether two inclusive periods share a day."""
    return a.start <= b.end and b.start <= a.end


def first_overlap(period: Period, others: Sequence[Period]) -> Period | None:
    """Return the first of ``others`` (by start) that shares a day with ``period``, else None."""
    return next((o for o in sorted(others, key=lambda o: o.start) if overlaps(period, o)), None)


def overlap_problem(other: Period) -> Message:
    """The problem of a period that overlaps a registered one."""
    return Message(
        _("与已登记的休假 %(start)s 至 %(end)s 重叠"), start=other.start.isoformat(), end=other.end.isoformat()
    )


def validate_leave_rows(
    rows: list[tuple[int, dict[str, str]]],
    *,
    staff: Mapping[str, Employment],
    existing: Mapping[str, Sequence[Period]],
) -> tuple[list[LeaveRow], list[RowError]]:
    """Check every row of a leave file; return the good rows and every problem of every bad line.

    ``staff`` holds the people the file may name; ``existing`` their registered periods. A line with the
    staff number and first day of a registered period replaces it (so importing a file again changes
    nothing); it may not overlap any other period of that person, in the file or registered.
    """
    good, errors = [], []
    seen: dict[tuple[str, datetime.date], int] = {}
    periods: dict[str, list[tuple[int, Period]]] = {}
    replaced: dict[str, set[datetime.date]] = {}  # registered periods the file gives again (same first day)
    for _line, row in rows:
        try:
            replaced.setdefault(row.get("staff_no", "").strip(), set()).add(parse_iso_date(row.get("start", "")))
        except ValueError:
            pass
    for line, row in rows:
        problems = [missing(name) for name in LEAVE_HEADER if not row.get(name, "").strip()]
        if len(row.get("note", "").strip()) > NOTE_MAX:
            problems.append(too_long("note", NOTE_MAX))
        staff_no = row.get("staff_no", "").strip()
        employment = staff.get(staff_no)
        if bad_number := identifier_problem("staff_no", staff_no):
            problems.append(bad_number)
        elif staff_no and employment is None:
            problems.append(Message(_("未知工号 %(staff_no)s"), staff_no=staff_no))
        text = row.get("kind", "").strip()
        kind = leave_kind_from_text(text)
        if text in _AMBIGUOUS:
            problems.append(Message(_("假别 “%(kind)s” 不明确：请写婚假或丧假"), kind=text))
        elif text and kind is None:
            names = punctuation.enumeration(label for _value, label in LeaveKind.choices)
            problems.append(Message(_("未知假别 “%(kind)s”（可用：%(names)s）"), kind=text, names=names))
        dates = row_dates(row, ("start", "end"), problems)
        period = Period(dates["start"], dates["end"]) if len(dates) == 2 else None
        if period and period.end < period.start:
            problems.append(Message(_("末日早于首日")))
            period = None
        if period and employment and period.start < employment.hired_on:
            problems.append(Message(_("休假首日早于入职日期 %(day)s"), day=employment.hired_on.isoformat()))
        if period and staff_no:
            key = (staff_no, period.start)
            if key in seen:
                problems.append(Message(_("与第 %(line)s 行重复（同一员工、同一首日）"), line=seen[key]))
            else:
                seen[key] = line
                clash = next((n for n, p in periods.get(staff_no, []) if overlaps(period, p)), None)
                if clash is not None:
                    problems.append(Message(_("与第 %(line)s 行的休假重叠"), line=clash))
                periods.setdefault(staff_no, []).append((line, period))
            others = [p for p in existing.get(staff_no, ()) if p.start not in replaced[staff_no]]
            registered = first_overlap(period, others)
            if registered:
                problems.append(overlap_problem(registered))
        if problems:
            errors.append(RowError(line, tuple(problems)))
            continue
        good.append(
            LeaveRow(line, staff_no, kind, period.start, period.end, row["note"].strip() if "note" in row else None)
        )
    return good, errors
