"""Calendar arithmetic of the rules, in Asia/Shanghai. Pure: no Django, no clock.

Instants are timezone-aware datetimes (stored in UTC); an instant belongs to the local day, ISO week
and month in which it happened in Shanghai. ``left_on`` is a person's last working day.
"""

import datetime
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
ONE_DAY = datetime.timedelta(days=1)


def local_day(instant: datetime.datetime) -> datetime.date:
    """Return the Shanghai calendar day of an aware instant."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: instants must be timezone-aware")
    return instant.astimezone(TZ).date()


def day_start(day: datetime.date) -> datetime.datetime:
    """Return the instant at which ``day`` begins in Shanghai (local midnight)."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=TZ)


def week_monday(day: datetime.date) -> datetime.date:
    """Return the Monday of the ISO week holding ``day``."""
    return day - datetime.timedelta(days=day.weekday())


def week_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Return (Monday, Sunday) of the ISO week holding ``day``."""
    monday = week_monday(day)
    return monday, monday + datetime.timedelta(days=6)


def week_code(day: datetime.date) -> str:
    """Return the ISO week code of ``day``, e.g. ``2026-W03`` (the ISO year, which may differ near 1 January)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_code_monday(code: str) -> datetime.date:
    """Return the Monday of an ISO week code such as ``2026-W03`` (the inverse of ``week_code``)."""
    year, week = code.split("-W")
    return datetime.date.fromisocalendar(int(year), int(week), 1)


def week_mondays_of_year(year: int) -> list[datetime.date]:
    """Return the Mondays that lie in ``year``: the weeks a report of that year covers."""
    first = datetime.date(year, 1, 1)
    monday = first + datetime.timedelta(days=(7 - first.weekday()) % 7)
    out = []
    while monday.year == year:
        out.append(monday)
        monday += datetime.timedelta(days=7)
    return out


def month_code(day: datetime.date) -> str:
    """Return the month code of ``day``, e.g. ``2026-02``."""
    return f"{day.year}-{day.month:02d}"


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day of a month."""
    first = datetime.date(year, month, 1)
    nxt = datetime.date(year + 1, 1, 1) if month == 12 else datetime.date(year, month + 1, 1)
    return first, nxt - ONE_DAY


def days_in_year(year: int) -> int:
    return (datetime.date(year + 1, 1, 1) - datetime.date(year, 1, 1)).days


Leaves = tuple[tuple[datetime.date, datetime.date], ...]
"""A person's leave periods: (first day, last day) pairs, inclusive, sorted, not overlapping."""


def on_leave(first: datetime.date, last: datetime.date, leaves: Leaves) -> bool:
    """Whether any leave period overlaps the days ``first`` to ``last``."""
    return any(start <= last and end >= first for start, end in leaves)


def employed_for(
    first: datetime.date,
    last: datetime.date,
    *,
    hired_on: datetime.date,
    left_on: datetime.date | None,
    leaves: Leaves = (),
) -> bool:
    """Whether a person was employed and not on leave on every day from ``first`` to ``last``: the one
    "is this period required" test (training-policy.md: leave counts like not being employed)."""
    return hired_on <= first and (left_on is None or left_on >= last) and not (leaves and on_leave(first, last, leaves))


def days_employed_in_year(
    year: int, *, hired_on: datetime.date, left_on: datetime.date | None, leaves: Leaves = ()
) -> int:
    """Return how many days of ``year`` fall between the hire date and the last working day (inclusive),
    less the days on leave among them."""
    start = max(hired_on, datetime.date(year, 1, 1))
    end = min(left_on or datetime.date(year, 12, 31), datetime.date(year, 12, 31))
    days = max((end - start).days + 1, 0)
    for first, last in leaves:
        lo, hi = max(first, start), min(last, end)
        if lo <= hi:
            days -= (hi - lo).days + 1
    return max(days, 0)


def prorated(full: int, *, days: int, of_days: int) -> int:
    """Return ``ceil(full × days / of_days)`` in exact integer arithmetic."""
    return -(-full * days // of_days)


def launch_deadline(announced_at: datetime.datetime, *, hours: int = 48) -> datetime.datetime:
    """Return the new-service deadline: real hours after the announcement (weekends and nights count)."""
    return announced_at + datetime.timedelta(hours=hours)


def onboarding_deadline(hired_on: datetime.date, *, days: int = 7) -> datetime.datetime:
    """Return the end of the ``days``-th day after the hire date (24:00 local, i.e. the next midnight)."""
    return day_start(hired_on + datetime.timedelta(days=days + 1))


def year_close(year: int, *, onboarding_days: int = 7, new_service_hours: int = 48) -> datetime.datetime:
    """Return the instant by which every window that began in ``year`` has ended: the last week's Sunday
    24:00, 31 December's launches' deadline, or the onboarding deadline of a start on 31 December."""
    last_monday = week_mondays_of_year(year)[-1]
    return max(
        week_due(last_monday),
        launch_deadline(day_start(datetime.date(year + 1, 1, 1)), hours=new_service_hours),
        onboarding_deadline(datetime.date(year, 12, 31), days=onboarding_days),
    )


def offset_is_fixed(year: int) -> bool:
    """Whether Shanghai keeps one UTC offset all year (true since 1992), so a week is exactly 7 × 86400 s."""
    first = day_start(datetime.date(year, 1, 1)).utcoffset()
    return all(
        day_start(datetime.date(year, 1, 1) + datetime.timedelta(days=d)).utcoffset() == first
        for d in range(days_in_year(year) + 1)
    )


QUIZ_MODULES = ("etiquette", "grooming", "complaint", "security")
"""The module quizzes (``Quiz.source_key == "module:<key>"``) the scheduled quizzes rotate through."""


def weekly_quiz_module(day: datetime.date) -> str:
    """Return the module whose quiz is the weekly quiz of ``day``'s ISO week (week 1 → the first module)."""
    return QUIZ_MODULES[(day.isocalendar()[1] - 1) % len(QUIZ_MODULES)]


def monthly_quiz_module(day: datetime.date) -> str:
    """Return the module whose quiz is the backbone quiz of ``day``'s month (January → the first module)."""
    return QUIZ_MODULES[(day.month - 1) % len(QUIZ_MODULES)]


def week_due(day: datetime.date) -> datetime.datetime:
    """Return Sunday 24:00 local (the next Monday's midnight) of the ISO week holding ``day``."""
    return day_start(week_monday(day) + datetime.timedelta(days=7))


def month_due(day: datetime.date) -> datetime.datetime:
    """Return 24:00 local of the last day of ``day``'s month."""
    return day_start(month_bounds(day.year, day.month)[1] + ONE_DAY)
