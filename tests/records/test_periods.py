"""The hall report's period by its part of a year (pure: no database)."""

import datetime

import pytest

from records.periods import part_bounds

D = datetime.date


@pytest.mark.parametrize(
    ("part", "bounds"),
    [
        ("", (D(2026, 1, 1), D(2026, 12, 31))),
        ("q1", (D(2026, 1, 1), D(2026, 3, 31))),
        ("q2", (D(2026, 4, 1), D(2026, 6, 30))),
        ("q4", (D(2026, 10, 1), D(2026, 12, 31))),
        ("m02", (D(2026, 2, 1), D(2026, 2, 28))),
        ("m12", (D(2026, 12, 1), D(2026, 12, 31))),
    ],
)
def test_a_part_of_a_year_runs_from_its_first_to_its_last_day(part, bounds):
    assert part_bounds(2026, part) == bounds


def test_february_of_a_leap_year_ends_on_the_29th():
    assert part_bounds(2028, "m02") == (D(2028, 2, 1), D(2028, 2, 29))


def test_an_unknown_part_is_refused():
    with pytest.raises(ValueError):
        part_bounds(2026, "q5")
