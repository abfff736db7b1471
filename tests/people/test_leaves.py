"""The pure leave-file validator: kinds by code or Chinese name, every problem of every bad line (no database)."""

import datetime
import io

from openpyxl import Workbook

from people.imports import read_table
from people.leaves import LEAVE_HEADER, Employment, Period, leave_kind_from_text, validate_leave_rows

D = datetime.date
STAFF = {"1001": Employment(D(2020, 1, 1), None), "1002": Employment(D(2025, 6, 1), None)}


def check(text: str, existing=None, name="leave.csv"):
    table = read_table(text.encode("utf-8"), name, LEAVE_HEADER)
    return validate_leave_rows(table, staff=STAFF, existing=existing or {})


def problems(errors) -> dict[int, str]:
    return {e.line: e.message for e in errors}


def test_every_chinese_name_and_code_is_a_kind():
    assert [leave_kind_from_text(t) for t in ("病假", "事假", "婚假", "丧假", "产假", "探亲假")] == [
        "sick",
        "personal",
        "marriage",
        "bereavement",
        "maternity",
        "family_visit",
    ]
    assert leave_kind_from_text("maternity") == "maternity"
    assert leave_kind_from_text("年假") is None


def test_a_good_file_gives_every_period():
    rows, errors = check("staff_no,kind,start,end\n1001,产假,2026-03-02,2026-06-07\n1002,sick,2026-01-05,2026-01-05\n")
    assert errors == []
    assert [(r.line, r.staff_no, r.kind, r.start, r.end) for r in rows] == [
        (2, "1001", "maternity", D(2026, 3, 2), D(2026, 6, 7)),
        (3, "1002", "sick", D(2026, 1, 5), D(2026, 1, 5)),
    ]
    assert rows[0].note is None


def test_every_problem_of_a_line_is_listed_together():
    rows, errors = check("staff_no,kind,start,end\n9999,年假,2026-13-01,\n")
    assert rows == []
    [message] = problems(errors).values()
    assert "缺少 end" in message and "未知工号 9999" in message and "未知假别 “年假”" in message
    assert "start 日期格式错误 “2026-13-01”" in message


def test_end_before_start_and_before_hire_are_refused():
    text = "staff_no,kind,start,end\n1001,病假,2026-03-05,2026-03-01\n1002,病假,2025-05-01,2025-06-03\n"
    found = problems(check(text)[1])
    assert "末日早于首日" in found[2]
    assert "休假首日早于入职日期 2025-06-01" in found[3]


def test_marriage_or_bereavement_leave_must_be_told_apart():
    found = problems(check("staff_no,kind,start,end\n1001,婚丧假,2026-03-02,2026-03-04\n")[1])
    assert "请写婚假或丧假" in found[2]


def test_overlapping_and_duplicate_lines_of_one_person_are_refused():
    text = (
        "staff_no,kind,start,end\n"
        "1001,病假,2026-03-02,2026-03-10\n"
        "1001,事假,2026-03-10,2026-03-12\n"  # shares 10 March with line 2
        "1001,病假,2026-03-02,2026-03-10\n"  # line 2 again
        "1002,病假,2026-03-02,2026-03-10\n"  # another person: fine
    )
    rows, errors = check(text)
    found = problems(errors)
    assert "与第 2 行的休假重叠" in found[3]
    assert "与第 2 行重复" in found[4]
    assert sorted(found) == [3, 4] and [r.line for r in rows] == [2, 5]


def test_a_period_overlapping_registered_leave_is_refused_but_the_same_period_again_is_not():
    existing = {"1001": [Period(D(2026, 3, 2), D(2026, 3, 10))]}
    again = check("staff_no,kind,start,end\n1001,病假,2026-03-02,2026-03-12\n", existing)
    assert again[1] == [] and again[0][0].end == D(2026, 3, 12)
    clash = problems(check("staff_no,kind,start,end\n1001,病假,2026-03-05,2026-03-06\n", existing)[1])
    assert "与已登记的休假 2026-03-02 至 2026-03-10 重叠" in clash[2]


def test_xlsx_with_date_cells_and_a_note_column():
    book = Workbook()
    book.active.append([*LEAVE_HEADER, "note"])
    book.active.append([1001, "探亲假", datetime.datetime(2026, 8, 3), datetime.datetime(2026, 8, 14), "回老家"])
    buf = io.BytesIO()
    book.save(buf)
    rows, errors = validate_leave_rows(read_table(buf.getvalue(), "leave.xlsx", LEAVE_HEADER), staff=STAFF, existing={})
    assert errors == []
    assert (rows[0].staff_no, rows[0].kind, rows[0].start, rows[0].note) == (
        "1001",
        "family_visit",
        D(2026, 8, 3),
        "回老家",
    )


def test_errors_render_in_english():
    from django.utils import translation

    existing = {"1001": [Period(D(2026, 3, 1), D(2026, 3, 3))]}
    errors = check(
        "staff_no,kind,start,end\n9999,病假,2026-03-02,2026-03-04\n1001,婚丧假,2026-03-02,2026-03-01\n", existing
    )[1]
    with translation.override("en"):
        text = "\n".join(str(e) for e in errors)
    assert "unknown staff number 9999" in text.lower() or "9999" in text
    assert "ambiguous" in text and "the last day is before the first day" in text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text.replace("婚丧假", ""))
