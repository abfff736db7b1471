"""When a session takes place, as people read it: 全天 for a session without a time of day.

There is no all-day flag: a session is all-day when it starts at local midnight and either ends at the
end of a local day (23:59, or midnight after it: the form's way) or has no duration (an imported record
whose cell held only the date). Pure apart from gettext.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

TZ = ZoneInfo("Asia/Shanghai")
MIDNIGHT = datetime.time()


def _local(at: datetime.datetime) -> datetime.datetime:
    return at.astimezone(TZ)


def all_day(starts_at: datetime.datetime, ends_at: datetime.datetime) -> bool:
    """Whether a session from ``starts_at`` to ``ends_at`` has no time of day."""
    start, end = _local(starts_at), _local(ends_at)
    if start.time() != MIDNIGHT:
        return False
    if end == start:
        return True
    return end.time() == MIDNIGHT or end.time().replace(second=0, microsecond=0) == datetime.time(23, 59)


def when_text(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    """Return e.g. ``2026-12-07 全天``, ``2026-12-07 – 12-08 全天``, ``2026-12-07 09:00–10:30`` or
    ``2026-12-07 09:00`` (no duration)."""
    start, end = _local(starts_at), _local(ends_at)
    day = f"{start:%Y-%m-%d}"
    if all_day(starts_at, ends_at):
        last = (end - datetime.timedelta(minutes=1)).date() if end.time() == MIDNIGHT and end > start else end.date()
        if last > start.date():
            day = f"{day} – {last:%m-%d}" if last.year == start.year else f"{day} – {last:%Y-%m-%d}"
        return f"{day} {_('全天')}"
    if end == start:
        return f"{day} {start:%H:%M}"
    if end.date() == start.date():
        return f"{day} {start:%H:%M}–{end:%H:%M}"
    return f"{day} {start:%H:%M} – {end:%m-%d %H:%M}"
