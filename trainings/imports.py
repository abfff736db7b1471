"""Parse and validate training-record import files (one row per person present). Pure: no ORM.

Files are read with ``people.imports.read_table``; rows become plain records plus every problem with its
line number; ``trainings.services.training_import`` turns them into sessions, attendance and evidence.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from evidence.imports import datetime_cell
from evidence.models import EventKind
from i18n.messages import Message
from lms.importsheets import Column, header_of
from people.identifiers import identifier_problem
from people.imports import RowError, missing

TRAINING_COLUMNS = (
    Column("staff_no", _("工号"), _("到场员工的工号，每人一行。"), "10086"),
    Column(
        "kind", _("培训类别"), _("类别代码，见可选值（weekly 为周培训）。"), "weekly", choices=lambda: EventKind.values
    ),
    Column(
        "occurred_at",
        _("培训时间"),
        _("ISO 8601 时间，如 2026-03-06T10:00（北京时间）或 2026-03-06T02:00Z。"),
        "2026-03-06T10:00",
    ),
    Column("topic", _("培训主题"), _("培训主题，最多 200 字。"), "5G 套餐资费讲解"),
    Column("trainer", _("培训师"), _("可留空。"), "王芳"),
    Column("place", _("培训地点"), _("可留空。"), "三楼会议室"),
    Column("score", _("成绩"), _("0 到 1000 的分数；可留空。"), "90"),
    Column("launch_code", _("上线编码"), _("新业务培训对应的上线编码；可留空。"), ""),
)
TRAINING_HEADER = header_of(TRAINING_COLUMNS)


@dataclass(frozen=True)
class TrainingRow:
    line: int
    staff_no: str
    kind: str
    occurred_at: datetime.datetime
    topic: str
    trainer: str
    place: str
    score: Decimal | None
    launch_code: str

    @property
    def session_key(self) -> tuple:
        """Rows with the same kind, time, topic, trainer, place and launch form one session."""
        return (self.kind, self.occurred_at, self.topic, self.trainer, self.place, self.launch_code)


def validate_training_rows(rows: list[tuple[int, dict]]) -> tuple[list[TrainingRow], list[RowError]]:
    good, errors = [], []
    for line, row in rows:
        problems = [missing(n) for n in ("staff_no", "kind", "topic") if not row.get(n, "").strip()]
        problems += filter(None, (identifier_problem(c, row.get(c, "").strip()) for c in ("staff_no", "launch_code")))
        kind = row.get("kind", "").strip()
        if kind and kind not in EventKind.values:
            problems.append(
                Message(_("未知类别 “%(kind)s”（可用：%(kinds)s）"), kind=kind, kinds=", ".join(EventKind.values))
            )
        at = datetime_cell(row, "occurred_at", problems)
        score = None
        raw = row.get("score", "").strip()
        if raw:
            try:
                score = Decimal(raw)
                if not score.is_finite() or not 0 <= score <= 1000:
                    raise InvalidOperation
            except InvalidOperation:
                problems.append(Message(_("score 不是有效分数 “%(value)s”"), value=raw))
        if problems:
            errors.append(RowError(line, tuple(problems)))
            continue
        good.append(
            TrainingRow(
                line=line,
                staff_no=row["staff_no"].strip(),
                kind=kind,
                occurred_at=at,
                topic=row["topic"].strip()[:200],
                trainer=row.get("trainer", "").strip()[:100],
                place=row.get("place", "").strip()[:200],
                score=score,
                launch_code=row.get("launch_code", "").strip(),
            )
        )
    return good, errors
