"""When a session takes place, as text: 全天 for a session without a time of day, never 00:00."""

import datetime

import pytest
from django.utils import translation

from trainings.when import all_day, when_text

TZ = datetime.timezone(datetime.timedelta(hours=8))


def at(day, hour=0, minute=0, month=3):
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=TZ)


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (at(10), at(10, 23, 59), "2026-03-10 全天"),
        (at(10), at(11), "2026-03-10 全天"),
        (at(10), at(10), "2026-03-10 全天"),  # an imported record that held only the date
        (at(10), at(12, 23, 59), "2026-03-10 – 03-12 全天"),
        (at(10, 9), at(10, 10, 30), "2026-03-10 09:00–10:30"),
        (at(10, 9), at(10, 9), "2026-03-10 09:00"),
        (at(10, 0), at(10, 2), "2026-03-10 00:00–02:00"),  # a night shift's training is not all-day
        (at(10, 9), at(11, 17), "2026-03-10 09:00 – 03-11 17:00"),
    ],
)
def test_when_text(start, end, text):
    with translation.override("zh-hans"):
        assert when_text(start, end) == text


def test_all_day_is_judged_in_shanghai_whatever_the_instants_zone():
    midnight_utc = datetime.datetime(2026, 3, 9, 16, 0, tzinfo=datetime.UTC)  # 00:00 on 10 March in Shanghai
    assert all_day(midnight_utc, midnight_utc + datetime.timedelta(hours=24))
    assert not all_day(midnight_utc + datetime.timedelta(hours=8), midnight_utc + datetime.timedelta(hours=32))


def test_all_day_reads_in_english_too():
    with translation.override("en"):
        assert when_text(at(10), at(10, 23, 59)) == "2026-03-10 all day"
