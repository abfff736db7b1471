"""Quiz statistics as Moodle defines them (pure)."""

import pytest

from exams import stats


def test_summary_figures():
    scores = [50, 60, 70, 80, 100]
    assert stats.mean(scores) == 72
    assert stats.median(scores) == 70
    assert stats.pass_rate(scores, 60) == 0.8
    assert stats.mean([]) is None and stats.pass_rate([], 60) is None


def test_histogram_puts_full_marks_in_the_last_band():
    assert stats.histogram([0, 5, 10, 95, 100], maximum=100, bins=10) == [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]


def test_facility_index_is_mean_percentage_of_the_mark():
    assert stats.facility_index([1, 0, 1, 0.5]) == 62.5
    assert stats.facility_index([]) is None


def test_discrimination_index_correlates_with_the_rest_of_the_quiz():
    good = [1, 1, 0, 0]
    totals = [9, 8, 3, 2]
    assert stats.discrimination_index(good, totals) == pytest.approx(98.058, abs=0.01)
    reversed_question = [0, 0, 1, 1]
    assert stats.discrimination_index(reversed_question, [8, 7, 4, 3]) < -90


def test_discrimination_is_none_when_everyone_scores_the_same():
    assert stats.discrimination_index([1, 1, 1], [5, 6, 7]) is None


def test_choice_frequencies_list_every_choice():
    assert stats.choice_frequencies([1, 1, 3], [1, 2, 3]) == {1: 2, 2: 0, 3: 1}
