"""Scoring of each question type and aggregation of attempts (pure)."""

import pytest

from exams import grading


def test_multiple_choice_partial_credit_and_penalties_floored_at_zero():
    fractions = {1: 0.5, 2: 0.5, 3: -0.5, 4: -1.0}
    assert grading.score_multiple(fractions, [1, 2]) == 1.0
    assert grading.score_multiple(fractions, [1]) == 0.5
    assert grading.score_multiple(fractions, [1, 2, 3]) == 0.5
    assert grading.score_multiple(fractions, [1, 4]) == 0.0
    assert grading.score_multiple(fractions, [1, 1, 1]) == 0.5
    assert grading.score_multiple(fractions, []) == 0.0


def test_multiple_choice_with_thirds_reaches_full_marks():
    fractions = {1: 0.3333333, 2: 0.3333333, 3: 0.3333333}
    assert grading.score_multiple(fractions, [1, 2, 3]) == pytest.approx(1.0, abs=1e-6)


def test_single_choice_partial_and_unknown_choice():
    fractions = {1: 1.0, 2: 0.5, 3: 0.0}
    assert grading.score_single(fractions, 1) == 1.0
    assert grading.score_single(fractions, 2) == 0.5
    assert grading.score_single(fractions, 99) == 0.0
    assert grading.score_single(fractions, None) == 0.0


def test_truefalse_needs_a_real_boolean():
    assert grading.score_truefalse(True, True) == 1.0
    assert grading.score_truefalse(True, "true") == 0.0
    assert grading.score_truefalse(False, False) == 1.0


def test_fill_normalises_full_width_spaces_and_case():
    accepted = [("2", 1.0), ("二", 1.0), ("Hello World", 1.0)]
    assert grading.score_fill(accepted, "２") == 1.0
    assert grading.score_fill(accepted, " 2 ") == 1.0
    assert grading.score_fill(accepted, "ＨＥＬＬＯ　world") == 1.0
    assert grading.score_fill(accepted, "3") == 0.0
    assert grading.score_fill(accepted, "") == 0.0


def test_fill_case_sensitive_and_wildcard_first_match_wins():
    accepted = [("frog", 1.0), ("toad", 0.8), ("*", 0.0)]
    assert grading.score_fill(accepted, "Toad") == 0.8
    assert grading.score_fill(accepted, "cat") == 0.0
    assert grading.score_fill([("Frog", 1.0)], "frog", case_sensitive=True) == 0.0
    assert grading.score_fill([("fr*g", 1.0)], "frooog") == 1.0


def test_ordering_credits_items_in_their_place():
    assert grading.score_ordering(4, [0, 1, 2, 3]) == 1.0
    assert grading.score_ordering(4, [1, 0, 2, 3]) == 0.5
    assert grading.score_ordering(4, [3, 2, 1, 0]) == 0.0
    assert grading.score_ordering(4, "nonsense") == 0.0


def test_matching_credits_each_left_and_allows_repeated_rights():
    rights = ["amphibian", "mammal", "amphibian"]
    assert grading.score_matching(rights, {"0": "amphibian", "1": "mammal", "2": "amphibian"}) == 1.0
    assert grading.score_matching(rights, {"0": "amphibian", "1": "insect"}) == pytest.approx(1 / 3, abs=1e-6)
    assert grading.score_matching(rights, None) == 0.0


@pytest.mark.parametrize(("method", "expected"), [("highest", 90), ("last", 70), ("first", 40), ("average", 66.6667)])
def test_final_grade_per_grading_method(method, expected):
    assert grading.final_grade([40, 90, 70], method) == expected


def test_final_grade_of_no_attempts_is_none():
    assert grading.final_grade([], "highest") is None


def test_pure_core_imports_without_django_settings():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = "import exams.formats.gift, exams.formats.moodle_xml, exams.formats.aiken, exams.formats.xlsx, exams.formats.yaml_bank, exams.grading, exams.stats, sys; assert 'django.conf' not in sys.modules"
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        env=env,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    )
