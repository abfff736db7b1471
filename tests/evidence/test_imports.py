"""Launch import files and ISO date-times: Asia/Shanghai without an offset, every problem reported."""

import datetime

import pytest

from evidence.imports import parse_iso_datetime, validate_launch_rows

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-06T10:00:00", datetime.datetime(2026, 3, 6, 2, tzinfo=UTC)),
        ("2026-03-06 10:00", datetime.datetime(2026, 3, 6, 2, tzinfo=UTC)),
        ("2026-03-06T02:00:00Z", datetime.datetime(2026, 3, 6, 2, tzinfo=UTC)),
        ("2026-03-06T10:00:00+08:00", datetime.datetime(2026, 3, 6, 2, tzinfo=UTC)),
        ("2026-03-06T00:10:00+09:00", datetime.datetime(2026, 3, 5, 15, 10, tzinfo=UTC)),
    ],
)
def test_iso_datetimes_without_offset_are_shanghai_time(text, expected):
    assert parse_iso_datetime(text) == expected


@pytest.mark.parametrize("text", ["2026-03-06", "06/03/2026 10:00", "soon", "2026-13-01T10:00"])
def test_dates_without_time_or_garbage_are_refused(text):
    with pytest.raises(ValueError):
        parse_iso_datetime(text)


def test_excel_datetime_cells_are_shanghai_time():
    assert parse_iso_datetime(datetime.datetime(2026, 3, 6, 10)) == datetime.datetime(2026, 3, 6, 2, tzinfo=UTC)


def test_launch_rows_split_hall_codes_and_report_every_problem():
    rows = [
        (2, {"code": "A", "name": "甲", "announced_at": "2026-03-06T10:00", "hall_codes": "H2; H1;"}),
        (3, {"code": "", "name": "", "announced_at": "", "hall_codes": ""}),
        (4, {"code": "A", "name": "again", "announced_at": "2026-03-06T10:00", "hall_codes": ""}),
    ]
    good, errors = validate_launch_rows(rows)
    assert good[0].hall_codes == ("H1", "H2")
    assert [e.line for e in errors] == [3, 4]
    assert "缺少 code" in errors[0].message and "缺少 announced_at" in errors[0].message
