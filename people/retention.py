"""How long a leaver's personal data is kept (pure: no Django; the setting is passed in)."""

import datetime


def erasable_from(left_on: datetime.date | None, *, years: int) -> datetime.date | None:
    """Return the first day a leaver may be erased: the day after the ``years``-th anniversary of their last
    working day (29 February counts from 28 February). None while they are employed (no ``left_on``)."""
    if left_on is None:
        return None
    try:
        anniversary = left_on.replace(year=left_on.year + years)
    except ValueError:
        anniversary = left_on.replace(year=left_on.year + years, day=28)
    return anniversary + datetime.timedelta(days=1)
