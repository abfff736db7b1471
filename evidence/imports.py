"""Parse and validate launch import files. Pure: no ORM (existence checks are the service's).

Files are read with ``people.imports.read_table`` (the project's one CSV/XLSX reader); rows become plain
records plus a list of every problem with its line number.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from i18n.messages import Message
from lms.importsheets import Column, header_of
from people.identifiers import identifier_problem
from people.imports import RowError, missing, too_long

LAUNCH_COLUMNS = (
    Column("code", _("上线编码"), _("新业务上线的唯一编码：字母、数字、“-”或“_”。"), "5G-2026-03"),
    Column("name", _("上线名称"), _("新业务名称，最多 200 字。"), "5G 新套餐"),
    Column("announced_at", _("发布时间"), _("ISO 8601 时间，如 2026-03-06T10:00（北京时间）。"), "2026-03-06T10:00"),
    Column("hall_codes", _("营业厅编码"), _("涉及的营业厅编码，以“;”分隔；留空为全部营业厅。"), "QC01;QC02"),
)
LAUNCH_HEADER = header_of(LAUNCH_COLUMNS)


def parse_iso_datetime(text) -> datetime.datetime:
    """Parse an ISO 8601 date-time; without an offset it is the site's time
    (``TIME_ZONE``, Asia/Shanghai). Raise ValueError."""
    if isinstance(text, datetime.datetime):
        value = text
    else:
        text = str(text).strip()
        if len(text) < 16 or "T" not in text.upper() and " " not in text:
            raise ValueError(text)
        value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.get_default_timezone())
    return value.astimezone(datetime.UTC)


@dataclass(frozen=True)
class LaunchRow:
    line: int
    code: str
    name: str
    announced_at: datetime.datetime
    hall_codes: tuple[str, ...]


def datetime_cell(row: dict, name: str, problems: list[Message]) -> datetime.datetime | None:
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
        problems += [
            too_long(n, limit) for n, limit in (("code", 50), ("name", 200)) if len(row.get(n, "").strip()) > limit
        ]
        at = datetime_cell(row, "announced_at", problems)
        code = row.get("code", "").strip()
        halls = tuple(sorted({c.strip() for c in row.get("hall_codes", "").split(";") if c.strip()}))
        problems += filter(
            None, [identifier_problem("code", code), *(identifier_problem("hall_codes", c) for c in halls)]
        )
        if code in seen:
            problems.append(Message(_("编码 %(code)s 与第 %(line)s 行重复"), code=code, line=seen[code]))
        elif code:
            seen[code] = line
        if problems:
            errors.append(RowError(line, tuple(problems)))
            continue
        good.append(LaunchRow(line, code, row["name"].strip(), at, halls))
    return good, errors
