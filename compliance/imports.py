"""Parse and validate launch and training import files. Pure: no ORM (existence checks are the service's).

Files are read with ``people.imports.read_table`` (the project's one CSV/XLSX reader); rows become plain
records plus a list of every problem with its line number.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from i18n.messages import Message
from people.imports import RowError, missing

from . import periods
from .rules import KINDS

LAUNCH_HEADER = ["code", "name", "announced_at", "hall_codes"]
TRAINING_HEADER = ["staff_no", "kind", "occurred_at", "topic", "trainer", "place", "score", "launch_code"]


def parse_iso_datetime(text) -> datetime.datetime:
    """Parse an ISO 8601 date-time; without an offset it is Asia/Shanghai time. Raise ValueError."""
    if isinstance(text, datetime.datetime):
        value = text
    else:
        text = str(text).strip()
        if len(text) < 16 or "T" not in text.upper() and " " not in text:
            raise ValueError(text)
        value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=periods.TZ)
    return value.astimezone(datetime.UTC)


@dataclass(frozen=True)
class LaunchRow:
    line: int
    code: str
    name: str
    announced_at: datetime.datetime
    hall_codes: tuple[str, ...]


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


def _datetime(row: dict, name: str, problems: list[Message]) -> datetime.datetime | None:
    value = row.get(name, "").strip()
    if not value:
        problems.append(missing(name))
        return None
    try:
        return parse_iso_datetime(value)
    except ValueError:
        problems.append(
            Message(
                _("%(column)s 时间格式错误 “%(value)s”（应为 ISO 8601，如 2026-03-06T10:00 或 2026-03-06T02:00Z）"),
                column=name,
                value=value,
            )
        )
        return None


def validate_launch_rows(rows: list[tuple[int, dict]]) -> tuple[list[LaunchRow], list[RowError]]:
    good, errors, seen = [], [], {}
    for line, row in rows:
        problems = [missing(n) for n in ("code", "name") if not row.get(n, "").strip()]
        at = _datetime(row, "announced_at", problems)
        code = row.get("code", "").strip()
        if code in seen:
            problems.append(Message(_("编码 %(code)s 与第 %(line)s 行重复"), code=code, line=seen[code]))
        elif code:
            seen[code] = line
        if problems:
            errors.append(RowError(line, tuple(problems)))
            continue
        halls = tuple(sorted({c.strip() for c in row.get("hall_codes", "").split(";") if c.strip()}))
        good.append(LaunchRow(line, code, row["name"].strip(), at, halls))
    return good, errors


def validate_training_rows(rows: list[tuple[int, dict]]) -> tuple[list[TrainingRow], list[RowError]]:
    good, errors = [], []
    for line, row in rows:
        problems = [missing(n) for n in ("staff_no", "kind", "topic") if not row.get(n, "").strip()]
        kind = row.get("kind", "").strip()
        if kind and kind not in KINDS:
            problems.append(Message(_("未知类别 “%(kind)s”（可用：%(kinds)s）"), kind=kind, kinds=", ".join(KINDS)))
        at = _datetime(row, "occurred_at", problems)
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
