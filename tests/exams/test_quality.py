"""Question-bank quality figures (exams.quality) and the question_quality command."""

import io

import pytest
import yaml
from django.core.management import CommandError, call_command

from exams.formats import QuestionData
from exams.formats.model import ChoiceData, PairData
from exams.quality import bank_figures, right_is_longest


def single(key, right, *wrong, category="etiquette"):
    choices = [ChoiceData(right, 1.0)] + [ChoiceData(w, 0.0) for w in wrong]
    return QuestionData(type="single", text="?", key=key, category=(category,), choices=choices)


def test_the_right_option_counts_as_longest_only_when_it_is_strictly_longest():
    assert right_is_longest(single("a", "请客户到接待区坐下慢慢说", "让客户排队", "不予理会"))
    assert not right_is_longest(single("b", "短答", "比正确答案长得多的错误选项"))
    assert not right_is_longest(single("c", "一样长的", "一样长的呀"[:4]))
    assert not right_is_longest(single("d", "两 个 字 长", "五个字的长"))


def test_figures_per_category_flag_the_longest_right_share_and_matching_without_distractor():
    questions = [
        single("e1", "最长的那个正确答案", "错一", "错二"),
        single("e2", "对", "这个错误选项更长"),
        single("e3", "对的", "错的", category="security"),
        QuestionData(
            type="matching",
            text="配对",
            key="m1",
            category=("etiquette",),
            pairs=[PairData("甲", "一"), PairData("乙", "二")],
        ),
        QuestionData(type="essay", text="论述", key="s1", category=("security",)),
    ]
    etiquette, security = bank_figures(questions)
    assert (etiquette.category, etiquette.choice_questions, etiquette.longest_right) == ("etiquette", 2, ["e1"])
    assert etiquette.longest_right_share == 0.5
    assert etiquette.matching_without_distractor == ["m1"]
    assert any("50% > 35%" in p for p in etiquette.problems) and any("m1" in p for p in etiquette.problems)
    assert security.essays == ["s1"] and security.problems == []


def test_the_command_prints_the_figures_and_fails_a_check_when_a_goal_is_missed(tmp_path, db):
    bank = {
        "category": "grooming",
        "questions": [
            {
                "key": "g1",
                "type": "single",
                "text": "头发应当怎样？",
                "choices": [{"text": "干净整齐并且不遮挡眼睛", "fraction": 1}, {"text": "随意", "fraction": 0}],
            }
        ],
    }
    (tmp_path / "grooming.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    out = io.StringIO()
    call_command("question_quality", dir=tmp_path, stdout=out)
    assert "grooming\t1\t1\t1/1 (100%)" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("question_quality", dir=tmp_path, check=True, stdout=io.StringIO())
