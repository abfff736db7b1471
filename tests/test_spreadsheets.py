"""Formula injection: every CSV/XLSX the project writes passes its cells through ``lms.spreadsheets.cell_safe``
(the command-line report's files are checked in ``tests/compliance/test_commands.py``, the report views'
in their own tests)."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from evidence.models import EventKind, EventSource, TrainingEvent
from lms.spreadsheets import cell_safe, rows_csv, rows_xlsx
from tests.conftest import make_staff

NASTY = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-1+2", "@SUM(1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", NASTY)
def test_text_a_spreadsheet_would_take_for_a_formula_gets_a_quote(text):
    assert cell_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["张三", "A1", "", "1-2", 5, -3, 2.5, None, True, datetime.date(2026, 1, 2)])
def test_other_text_and_real_numbers_stay_as_they_are(value):
    assert cell_safe(value) == value


def test_rows_csv_and_xlsx_quote_formulas_and_keep_numbers():
    rows = [["=SUM(A1)", -5, "@x"]]
    assert rows_csv(rows, ["a", "b", "c"]).splitlines()[1] == "'=SUM(A1),-5,'@x"
    sheet = load_workbook(io.BytesIO(rows_xlsx(rows, ["a", "b", "c"]))).active
    a, b, c = sheet[2]
    assert (a.value, a.data_type, b.value, b.data_type, c.value) == ("'=SUM(A1)", "s", -5, "n", "'@x")


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def _xlsx(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [tuple(c for c in row) for row in sheet.iter_rows()]


def test_the_staff_admin_export_quotes_formula_names(client, org):
    make_staff(org["hall_a"], staff_no="F1", name='=HYPERLINK("http://x","y")', user=None)
    make_staff(org["hall_a"], staff_no="F2", name="@SUM(1)", user=None)
    client.force_login(org["hr"])
    by_no = {r["工号"]: r for r in _csv(client.get("/admin/people/staff/", {"export": "csv"}))}
    assert (by_no["F1"]["姓名"], by_no["F2"]["姓名"], by_no["A1"]["姓名"]) == (
        '\'=HYPERLINK("http://x","y")',
        "'@SUM(1)",
        org["staff_a1"].name,
    )
    rows = _xlsx(client.get("/admin/people/staff/", {"export": "xlsx"}))
    heads = [c.value for c in rows[0]]
    names = {r[heads.index("工号")].value: r[heads.index("姓名")] for r in rows[1:]}
    assert names["F1"].value == '\'=HYPERLINK("http://x","y")' and names["F1"].data_type == "s"
    assert names["F2"].value == "'@SUM(1)"


def test_the_training_record_admin_export_quotes_formula_topics(client, org):
    TrainingEvent.objects.create(
        staff=org["staff_a1"],
        kind=EventKind.WEEKLY,
        source=EventSource.IMPORT,
        source_ref="x-1",
        occurred_at=datetime.datetime(2026, 3, 2, 2, tzinfo=datetime.UTC),
        topic="=cmd|' /C calc'!A0",
        score=90,
    )
    client.force_login(org["hr"])
    url = "/admin/compliance/events/"
    (row,) = _csv(client.get(url, {"export": "csv"}))
    assert "'=cmd|' /C calc'!A0" in row.values()
    rows = _xlsx(client.get(url, {"export": "xlsx"}))
    cells = {c.value: c for c in rows[1]}
    assert "'=cmd|' /C calc'!A0" in cells and 90 in cells and cells[90].data_type == "n"
