"""Export then re-import gives the same bank; the YAML loader reads the shipped format."""

import copy
import io
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from exams.formats import BankFileError, read_bank, write_bank
from exams.formats import xlsx as xlsx_format

FIXTURES = Path(__file__).parent / "fixtures"


def shipped_bank():
    questions, problems = read_bank((FIXTURES / "etiquette.yaml").read_bytes(), "yaml")
    assert problems == []
    for q in questions:
        q.tags.append("导入测试")
    questions[3].accepted.append(copy.copy(questions[3].accepted[0]))
    questions[3].accepted[-1].text, questions[3].accepted[-1].fraction = "*", 0.0
    questions[1].choices[0].fraction = 0.3333333
    questions[1].choices[1].fraction = 0.6666667
    return questions


def test_yaml_reads_every_type_with_its_answers():
    questions, problems = read_bank((FIXTURES / "etiquette.yaml").read_bytes(), "yaml")
    assert problems == []
    assert [q.type for q in questions] == ["single", "multiple", "truefalse", "fill", "ordering", "matching", "essay"]
    single, multiple, tf, fill, ordering, matching, essay = questions
    assert single.key == "t-001" and single.category == ("etiquette",) and single.difficulty == 1
    assert single.tags == ["电话礼仪"] and single.choices[0].feedback == "正确"
    assert [c.fraction for c in multiple.choices] == [0.5, 0.5, -0.5]
    assert tf.answer is True
    assert [a.text for a in fill.accepted] == ["2", "二", "两"]
    assert ordering.items == ["倾听", "致歉", "解决", "回访"]
    assert matching.pairs[1].right == "请慢走" and matching.distractors == ["喂"]
    assert essay.grader_info.startswith("评分要点")


def test_yaml_reports_bad_questions_with_reasons_and_keeps_good_ones():
    questions, problems = read_bank((FIXTURES / "bad.yaml").read_bytes(), "yaml")
    assert [q.key for q in questions] == ["b-004"]
    with translation.override("en"):
        reasons = [p.reason for p in problems]
    assert "unknown type 'numerical'" in reasons[0]
    assert "no choice gives any credit" in reasons[1]
    assert "missing key" in reasons[2]
    assert "duplicate key 'b-004'" in reasons[3]


def test_unreadable_yaml_raises_a_file_error():
    with pytest.raises(BankFileError):
        read_bank(b"questions: [unclosed", "yaml")


@pytest.mark.parametrize("fmt", ["moodle-xml", "xlsx"])
def test_export_then_import_gives_an_identical_bank(fmt):
    bank = shipped_bank()
    data, problems = write_bank(bank, fmt)
    assert problems == []
    again, problems = read_bank(data, fmt)
    assert problems == []
    assert again == bank


def test_xlsx_quotes_formula_like_text_and_reads_it_back_unchanged():
    from openpyxl import load_workbook

    bank = shipped_bank()
    bank[0].text, bank[0].explanation, bank[1].name = '=HYPERLINK("http://x","y")', "@SUM(1)", "-1+2 等于几"
    data, problems = write_bank(bank, "xlsx")
    cells = {c.value: c for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row}
    assert cells['\'=HYPERLINK("http://x","y")'].data_type == "s" and "'@SUM(1)" in cells and "'-1+2 等于几" in cells
    assert not any(isinstance(v, str) and v.startswith(("=", "@")) for v in cells)
    again, problems = read_bank(data, "xlsx")
    assert problems == [] and again == bank


def test_gift_round_trip_is_identical_for_the_types_gift_has():
    bank = [q for q in shipped_bank() if q.type != "ordering"]
    bank[-1].grader_info = ""  # GIFT has no field for it
    bank[0].explanation = "带 {花括号} 和 = 号: #井号 ~波浪"
    bank[0].text = "第一行\n第二行"
    data, problems = write_bank(bank, "gift")
    assert problems == []
    again, problems = read_bank(data, "gift")
    assert problems == []
    assert again == bank


def test_gift_export_reports_ordering_questions_it_cannot_write():
    _, problems = write_bank(shipped_bank(), "gift")
    assert len(problems) == 1 and "ordering" in problems[0].reason


def test_moodle_round_trip_keeps_nested_categories_and_penalty():
    bank = shipped_bank()
    bank[0].category = ("礼仪", "电话/短信")
    bank[0].penalty = 0.3333333
    again, _ = read_bank(write_bank(bank, "moodle-xml")[0], "moodle-xml")
    assert again[0].category == ("礼仪", "电话/短信") and again[0].penalty == 0.3333333


def test_xlsx_blank_template_reads_back_as_example_questions():
    questions, problems = read_bank(xlsx_format.blank_template(), "xlsx")
    assert problems == []
    assert {q.type for q in questions} == {"single", "multiple", "truefalse", "fill", "ordering", "matching"}


def test_xlsx_rows_with_errors_are_reported_by_row_number():
    wb = Workbook()
    wb.active.append(["type", "text", "answer", "option_1", "fraction_1"])
    wb.active.append(["truefalse", "缺答案", "", "", ""])
    wb.active.append(["truefalse", "判断题", "对", "", ""])
    wb.active.append(["single", "只有一个选项", "", "甲", "1"])
    out = io.BytesIO()
    wb.save(out)
    questions, problems = read_bank(out.getvalue(), "xlsx")
    assert [q.answer for q in questions] == [True]
    with translation.override("en"):
        assert [(p.where, p.reason) for p in problems] == [
            ("row 2", "true/false without an answer"),
            ("row 4", "needs at least two choices"),
        ]
    assert [str(p) for p in problems] == ["表格第 2 行：判断题没有答案", "表格第 4 行：至少需要两个选项"]


@pytest.mark.parametrize("fmt", ["moodle-xml", "xlsx"])
def test_garbage_file_raises_a_file_error(fmt):
    with pytest.raises(BankFileError):
        read_bank(b"\x00\x01 not a bank", fmt)


def test_moodle_xml_entity_expansion_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaa">]><quiz>&a;</quiz>'
    with pytest.raises(BankFileError):
        read_bank(bomb, "moodle-xml")


def test_html_becomes_plain_text_but_plain_text_with_angle_brackets_survives():
    from exams.formats.model import html_to_text

    assert html_to_text("<p>第一段&amp;</p><p>第二<br/>行</p>") == "第一段&\n第二\n行"
    bank = shipped_bank()
    bank[0].text = "a < b & <c>"
    again, _ = read_bank(write_bank(bank, "moodle-xml")[0], "moodle-xml")
    assert again[0].text == "a < b & <c>"
