"""A report's period by its part of a year: the whole year, a quarter (``q1``…``q4``) or a month
(``m01``…``m12``). Pure: imports without Django set up."""

import datetime

QUARTERS = ("q1", "q2", "q3", "q4")
MONTHS = tuple(f"m{n:02d}" for n in range(1, 13))


def _month_end(year: int, month: int) -> datetime.date:
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def part_bounds(year: int, part: str = "") -> tuple[datetime.date, datetime.date]:
    """Return the first and last day of ``part`` of ``year`` ("" is the whole year)."""
    if not part:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if part in QUARTERS:
        first = 3 * int(part[1]) - 2
        return datetime.date(year, first, 1), _month_end(year, first + 2)
    if part in MONTHS:
        month = int(part[1:])
        return datetime.date(year, month, 1), _month_end(year, month)
    raise ValueError(f"unknown part of a year: {part!r}")
