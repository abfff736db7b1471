"""The browser codec (pure): layout entries, answers from and to the browser, refusals of what the page
could not have sent."""

import os
import random
import subprocess
import sys
from types import SimpleNamespace

import pytest

from exams.codec import MAX_TEXT, BadResponse, QuestionType, layout_entry, response_from_browser, response_to_browser

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


def _question(pk, qtype, *, text="题", data=None, choices=()):
    listed = [SimpleNamespace(pk=cpk, text=ctext) for cpk, ctext in choices]
    return SimpleNamespace(pk=pk, type=qtype, text=text, data=data, choices=SimpleNamespace(all=lambda: listed))


def test_the_codec_imports_and_works_without_django():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys, exams.codec as c\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)\n"
        "slot = {'q': 1, 't': 'single', 'c': [11, 12, 13]}\n"
        "assert c.response_from_browser(slot, 2) == 13 and c.response_to_browser(slot, 13) == 2\n"
        "try:\n    c.response_from_browser(slot, 3)\nexcept c.BadResponse:\n    pass\nelse:\n    sys.exit(1)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)


def test_the_codec_knows_every_question_type_of_the_bank(db):
    from exams.models import QuestionType as Model

    assert {v for k, v in vars(QuestionType).items() if k.isupper()} == set(Model.values)


def test_a_layout_entry_shows_options_in_a_drawn_order_and_keeps_what_each_position_means():
    quiz = SimpleNamespace(shuffle_choices=True)
    single = _question(5, QuestionType.SINGLE, choices=[(51, "甲"), (52, "乙"), (53, "丙")])
    entry = layout_entry(single, quiz, random.Random(3))
    assert entry["q"] == 5 and entry["t"] == "single" and sorted(entry["c"]) == [51, 52, 53]
    assert entry["o"] == [{51: "甲", 52: "乙", 53: "丙"}[c] for c in entry["c"]]
    ordering = layout_entry(
        _question(6, QuestionType.ORDERING, data={"items": ["一", "二", "三"]}), quiz, random.Random(1)
    )
    assert ordering["i"] != [0, 1, 2] and ordering["o"] == [["一", "二", "三"][i] for i in ordering["i"]]
    matching = _question(
        7, QuestionType.MATCHING, data={"pairs": [{"left": "左", "right": "右"}], "distractors": ["错"]}
    )
    entry = layout_entry(matching, quiz, random.Random(1))
    assert entry["l"] == ["左"] and sorted(entry["r"]) == ["右", "错"]


@pytest.mark.parametrize(
    ("slot", "raw", "stored"),
    [
        ({"t": "single", "c": [11, 12]}, 1, 12),
        ({"t": "multiple", "c": [11, 12, 13]}, [2, 0, 2], [11, 13]),
        ({"t": "truefalse"}, False, False),
        ({"t": "fill"}, "二", "二"),
        ({"t": "ordering", "i": [2, 0, 1]}, [1, 2, 0], [0, 1, 2]),
        ({"t": "matching", "l": ["a", "b"], "r": ["x", "y"]}, {"0": 1, "1": None}, {"0": "y"}),
        ({"t": "single", "c": [11]}, None, None),
    ],
)
def test_answers_round_trip_between_positions_and_stored_responses(slot, raw, stored):
    assert response_from_browser(slot, raw) == stored
    if stored is not None and slot["t"] != "matching":
        assert response_to_browser(slot, stored) == (sorted(set(raw)) if slot["t"] == "multiple" else raw)


def test_long_text_is_cut_to_the_limit():
    assert len(response_from_browser({"t": "essay"}, "字" * (MAX_TEXT + 10))) == MAX_TEXT


@pytest.mark.parametrize(
    ("slot", "raw"),
    [
        ({"t": "single", "c": [11, 12]}, 2),
        ({"t": "single", "c": [11, 12]}, True),
        ({"t": "multiple", "c": [11]}, 0),
        ({"t": "truefalse"}, "true"),
        ({"t": "fill"}, 3),
        ({"t": "ordering", "i": [0, 1]}, [0, 0]),
        ({"t": "matching", "l": ["a"], "r": ["x"]}, {"1": 0}),
        ({"t": "matching", "l": ["a"], "r": ["x"]}, [0]),
        ({"t": "unknown"}, 0),
    ],
)
def test_what_the_page_could_not_have_sent_is_refused(slot, raw):
    with pytest.raises(BadResponse):
        response_from_browser(slot, raw)
