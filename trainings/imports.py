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
from people.identifiers import identifier_problem
from people.imports import RowError, missing

TRAINING_HEADER = ["staff_no", "kind", "occurred_at", "topic", "trainer", "place", "score", "launch_code"]


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
