"""The pure history of a person's facts: which facts hold on a day, and the history after an edit (no database)."""

import datetime

import pytest

from people.history import Change, Facts, change_in_force, facts_on, history_edit, history_record, history_start

D = datetime.date
A = Facts(1, "counter", False)
B = Facts(1, "counter", True)
C = Facts(2, "front_desk", False)
HISTORY = [Change(D(2020, 1, 1), A), Change(D(2026, 7, 1), B)]


def test_facts_hold_from_their_day_until_the_next_change():
    assert facts_on(HISTORY, D(2019, 12, 31)) is None
    assert facts_on(HISTORY, D(2020, 1, 1)) == A
    assert facts_on(HISTORY, D(2026, 6, 30)) == A
    assert facts_on(HISTORY, D(2026, 7, 1)) == B
    assert facts_on(list(reversed(HISTORY)), D(2030, 1, 1)) == B


def test_change_in_force_reads_any_dated_rows():
    assert change_in_force(HISTORY, D(2026, 7, 2)) is HISTORY[1]
    assert change_in_force([], D(2026, 7, 2)) is None


def test_recording_the_facts_in_force_changes_nothing():
    assert history_record(HISTORY, effective_on=D(2026, 3, 1), facts=A) == HISTORY


def test_recording_new_facts_adds_a_change_of_that_day():
    assert history_record(HISTORY, effective_on=D(2026, 9, 1), facts=C) == [*HISTORY, Change(D(2026, 9, 1), C)]


def test_a_backdated_change_holds_only_until_the_later_one():
    new = history_record(HISTORY, effective_on=D(2026, 3, 1), facts=C)
    assert new == [HISTORY[0], Change(D(2026, 3, 1), C), HISTORY[1]]
    assert facts_on(new, D(2026, 12, 1)) == B


def test_a_change_of_the_same_day_is_replaced_and_dropped_when_it_repeats_the_day_before():
    assert history_record(HISTORY, effective_on=D(2026, 7, 1), facts=C) == [HISTORY[0], Change(D(2026, 7, 1), C)]
    assert history_record(HISTORY, effective_on=D(2026, 7, 1), facts=A) == [HISTORY[0]]


def test_on_the_hire_date_the_first_facts_are_replaced():
    assert history_record(HISTORY, effective_on=D(2020, 1, 1), facts=C) == [Change(D(2020, 1, 1), C), HISTORY[1]]


def test_a_day_before_the_first_facts_is_refused():
    with pytest.raises(ValueError):
        history_record(HISTORY, effective_on=D(2019, 1, 1), facts=C)


def test_moving_the_hire_date_moves_the_first_facts():
    assert history_start(HISTORY, hired_on=D(2019, 5, 1)) == [Change(D(2019, 5, 1), A), HISTORY[1]]
    assert history_start(HISTORY, hired_on=D(2026, 8, 1)) == [Change(D(2026, 8, 1), B)]


def test_a_person_without_history_had_their_current_facts_since_hire():
    new = history_edit([], current=A, hired_on=D(2020, 1, 1), effective_on=D(2026, 7, 1), facts=B)
    assert new == HISTORY
    assert history_edit([], current=A, hired_on=D(2020, 1, 1), effective_on=D(2026, 7, 1), facts=A) is None
    assert history_edit(HISTORY, current=B, hired_on=D(2020, 1, 1), effective_on=D(2026, 8, 1), facts=B) is None


def test_history_imports_without_django_settings():
    import subprocess
    import sys

    code = "import people.history as h; import sys; assert 'django.conf' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
