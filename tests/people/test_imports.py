"""The pure parser and validator of staff import files (no database)."""

import datetime
import io

import pytest
from openpyxl import Workbook

from people.imports import HEADER, ImportFileError, parse_bool, read_table, validate_rows

GOOD = (
    "staff_no,name,branch,hall_code,hall_name,post,is_backbone,hired_on,left_on\n"
    "1001,王丽,QC,QC01,中山路营业厅,综合受理,是,2021-03-01,\n"
    "1002,李强,QC,QC01,中山路营业厅,hall_manager,0,2019-07-15,2026-05-31\n"
)


def rows_of(text: str, name="staff.csv"):
    return validate_rows(read_table(text.encode("utf-8"), name, HEADER))


def test_good_csv_parses_every_field():
    rows, errors = rows_of(GOOD)
    assert errors == []
    assert [r.staff_no for r in rows] == ["1001", "1002"]
    assert rows[0].post == "counter" and rows[0].is_backbone is True and rows[0].left_on is None
    assert rows[1].post == "hall_manager" and rows[1].left_on == datetime.date(2026, 5, 31)


def test_csv_with_bom_reads_the_same():
    data = "\ufeff" + GOOD
    assert read_table(data.encode("utf-8"), "x.csv", HEADER) == read_table(GOOD.encode("utf-8"), "x.csv", HEADER)


def test_xlsx_with_date_cells_parses():
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["1001", "王丽", "QC", "QC01", "中山路营业厅", "综合受理", 1, datetime.datetime(2021, 3, 1), None])
    buf = io.BytesIO()
    book.save(buf)
    rows, errors = validate_rows(read_table(buf.getvalue(), "staff.xlsx", HEADER))
    assert errors == []
    assert rows[0].hired_on == datetime.date(2021, 3, 1) and rows[0].is_backbone


@pytest.mark.parametrize("text", ["1", "true", "TRUE", "是", "yes"])
def test_backbone_true_spellings(text):
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["0", "false", "否", ""])
def test_backbone_false_spellings(text):
    assert parse_bool(text) is False


def test_every_bad_row_is_reported_with_its_line_and_reason():
    text = (
        "staff_no,name,branch,hall_code,hall_name,post,is_backbone,hired_on,left_on\n"
        "1001,王丽,QC,QC01,中山路营业厅,综合受理,1,2021-03-01,\n"  # line 2: fine
        "1002,,QC,QC01,中山路营业厅,综合受理,1,2021-03-01,\n"  # line 3: missing name
        "1003,张三,QC,QC01,中山路营业厅,保安,1,2021-03-01,\n"  # line 4: unknown post
        "1004,赵四,QC,QC01,中山路营业厅,综合受理,1,2021/03/01,\n"  # line 5: bad date
        "1001,王丽,QC,QC01,中山路营业厅,综合受理,1,2021-03-01,\n"  # line 6: duplicate staff_no
        "1005,钱五,QC,QC01,中山路营业厅,综合受理,maybe,2021-03-01,\n"  # line 7: bad flag
        "1006,孙六,QC,QC01,中山路营业厅,综合受理,0,2021-03-01,2020-01-01\n"  # line 8: left before hired
    )
    rows, errors = rows_of(text)
    by_line = {e.line: e.message for e in errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8]
    assert "name" in by_line[3]
    assert "保安" in by_line[4]
    assert "2021/03/01" in by_line[5]
    assert "第 2 行" in by_line[6]
    assert "maybe" in by_line[7]
    assert "早于" in by_line[8]


def test_missing_header_column_is_a_file_error():
    with pytest.raises(ImportFileError, match="post"):
        read_table(b"staff_no,name,branch,hall_code,hall_name\n1,a,b,c,d\n", "x.csv", HEADER)


def test_gbk_csv_is_read_as_gb18030_and_undecodable_bytes_are_a_file_error():
    table = read_table((",".join(HEADER) + "\n1001,张敏\n").encode("gbk"), "x.csv", HEADER)
    assert (table.encoding, table[0][1]["name"]) == ("GB18030", "张敏")
    with pytest.raises(ImportFileError, match="UTF-8/UTF-16/GB18030"):
        read_table(b"staff_no\n\x80\xff\x01", "x.csv", HEADER)


def test_unsupported_extension_is_a_file_error():
    with pytest.raises(ImportFileError):
        read_table(b"whatever", "staff.pdf", HEADER)


def test_damaged_xlsx_is_a_file_error():
    with pytest.raises(ImportFileError, match="XLSX"):
        read_table(b"not a zip", "staff.xlsx", HEADER)


def test_xlsx_date_time_cell_keeps_its_time_and_date_cell_stays_a_date():
    book = Workbook()
    sheet = book.active
    sheet.append(["when", "day"])
    sheet.append([datetime.datetime(2026, 3, 2, 14, 30), datetime.datetime(2026, 3, 2)])
    buf = io.BytesIO()
    book.save(buf)
    [(line, row)] = read_table(buf.getvalue(), "t.xlsx", ["when", "day"])
    assert (line, row["when"], row["day"]) == (2, "2026-03-02T14:30", "2026-03-02")
