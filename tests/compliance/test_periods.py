"""Calendar arithmetic in Asia/Shanghai: days, ISO weeks, months, required periods and deadlines."""

import datetime
import subprocess
import sys
from pathlib import Path

from compliance import periods

UTC = datetime.UTC
D = datetime.date


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def test_sunday_2330_local_is_still_sunday():
    assert periods.local_day(utc(2026, 1, 11, 15, 30)) == D(2026, 1, 11)
    assert periods.week_code(periods.local_day(utc(2026, 1, 11, 15, 30))) == "2026-W02"


def test_sunday_1610_utc_is_monday_local_and_the_next_week():
    day = periods.local_day(utc(2026, 1, 11, 16, 10))
    assert day == D(2026, 1, 12)
    assert periods.week_code(day) == "2026-W03"
    assert periods.week_monday(day) == D(2026, 1, 12)


def test_naive_instants_are_refused():
    try:
        periods.local_day(datetime.datetime(2026, 1, 1))
    except ValueError:
        return
    raise AssertionError("naive datetime accepted")


def test_week_code_uses_the_iso_year_near_new_year():
    assert periods.week_code(D(2025, 12, 29)) == "2026-W01"
    assert periods.week_code(D(2027, 1, 1)) == "2026-W53"


def test_a_years_weeks_are_those_whose_monday_lies_in_it():
    mondays = periods.week_mondays_of_year(2026)
    assert mondays[0] == D(2026, 1, 5) and mondays[-1] == D(2026, 12, 28)
    assert len(mondays) == 52
    assert periods.week_mondays_of_year(2024)[0] == D(2024, 1, 1)


def test_week_bounds_are_monday_to_sunday():
    assert periods.week_bounds(D(2026, 1, 8)) == (D(2026, 1, 5), D(2026, 1, 11))
    assert periods.week_bounds(D(2026, 1, 11)) == (D(2026, 1, 5), D(2026, 1, 11))


def test_month_bounds_and_leap_february():
    assert periods.month_bounds(2024, 2) == (D(2024, 2, 1), D(2024, 2, 29))
    assert periods.month_bounds(2026, 2) == (D(2026, 2, 1), D(2026, 2, 28))
    assert periods.month_bounds(2026, 12) == (D(2026, 12, 1), D(2026, 12, 31))
    assert periods.month_code(D(2026, 2, 28)) == "2026-02"


def test_a_period_is_required_only_when_employed_for_all_of_it():
    first, last = D(2026, 1, 5), D(2026, 1, 11)
    assert periods.employed_for(first, last, hired_on=D(2026, 1, 5), left_on=None)
    assert not periods.employed_for(first, last, hired_on=D(2026, 1, 6), left_on=None)
    assert periods.employed_for(first, last, hired_on=D(2020, 1, 1), left_on=D(2026, 1, 11))
    assert not periods.employed_for(first, last, hired_on=D(2020, 1, 1), left_on=D(2026, 1, 10))


def test_days_employed_in_year_counts_both_ends():
    assert periods.days_employed_in_year(2026, hired_on=D(2020, 1, 1), left_on=None) == 365
    assert periods.days_employed_in_year(2024, hired_on=D(2020, 1, 1), left_on=None) == 366
    assert periods.days_employed_in_year(2026, hired_on=D(2026, 7, 1), left_on=None) == 184
    assert periods.days_employed_in_year(2026, hired_on=D(2020, 1, 1), left_on=D(2026, 1, 1)) == 1
    assert periods.days_employed_in_year(2026, hired_on=D(2020, 1, 1), left_on=D(2025, 12, 31)) == 0
    assert periods.days_employed_in_year(2026, hired_on=D(2027, 1, 1), left_on=None) == 0


def test_prorated_is_an_exact_integer_ceiling():
    assert periods.prorated(12, days=183, of_days=366) == 6
    assert periods.prorated(12, days=183, of_days=365) == 7
    assert periods.prorated(4, days=365, of_days=365) == 4
    assert periods.prorated(4, days=1, of_days=365) == 1


def test_launch_deadline_is_48_real_hours_over_a_weekend():
    friday_evening = utc(2026, 3, 6, 10)
    assert periods.launch_deadline(friday_evening) == utc(2026, 3, 8, 10)
    assert periods.launch_deadline(friday_evening, hours=24) == utc(2026, 3, 7, 10)


def test_onboarding_deadline_is_the_end_of_the_seventh_day_after_hire():
    assert periods.onboarding_deadline(D(2026, 3, 2)) == utc(2026, 3, 9, 16)
    assert periods.onboarding_deadline(D(2026, 3, 2), days=3) == utc(2026, 3, 5, 16)


def test_pure_core_imports_without_django():
    root = Path(__file__).resolve().parents[2]
    code = "import sys, compliance.rules, compliance.periods; assert 'django' not in sys.modules"
    env = {"PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], cwd=root, env=env, check=True)
