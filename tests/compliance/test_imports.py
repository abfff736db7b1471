"""Parsing launch and training rows (pure): times, kinds, scores, every problem with its line."""

import datetime

import pytest

from evidence.imports import parse_iso_datetime, validate_launch_rows
from trainings.imports import validate_training_rows

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-06T10:00:00", datetime.datetime(2026, 3, 6, 2, tzinfo=UTC)),
        ("2026-03-06 10:00", datetime.datetime(2026, 3, 6, 2, tzinfo=UTC)),
        ("2026-03-06T02:00:00Z", datetime.datetime(2026, 3, 6, 2, tzinfo=UTC)),
        ("2026-03-06T10:00:00+08:00", datetime.datetime(2026, 3, 6, 2, tzinfo=UTC)),
        ("2026-03-06T00:10:00+09:00", datetime.datetime(2026, 3, 5, 15, 10, tzinfo=UTC)),
    ],
)
def test_iso_datetimes_without_offset_are_shanghai_time(text, expected):
    assert parse_iso_datetime(text) == expected


@pytest.mark.parametrize("text", ["2026-03-06", "06/03/2026 10:00", "soon", "2026-13-01T10:00"])
def test_dates_without_time_or_garbage_are_refused(text):
    with pytest.raises(ValueError):
        parse_iso_datetime(text)


def test_excel_datetime_cells_are_shanghai_time():
    assert parse_iso_datetime(datetime.datetime(2026, 3, 6, 10)) == datetime.datetime(2026, 3, 6, 2, tzinfo=UTC)


def test_launch_rows_split_hall_codes_and_report_every_problem():
    rows = [
        (2, {"code": "A", "name": "甲", "announced_at": "2026-03-06T10:00", "hall_codes": "H2; H1;"}),
        (3, {"code": "", "name": "", "announced_at": "", "hall_codes": ""}),
        (4, {"code": "A", "name": "again", "announced_at": "2026-03-06T10:00", "hall_codes": ""}),
    ]
    good, errors = validate_launch_rows(rows)
    assert good[0].hall_codes == ("H1", "H2")
    assert [e.line for e in errors] == [3, 4]
    assert "缺少 code" in errors[0].message and "缺少 announced_at" in errors[0].message


def test_training_rows_check_kind_time_and_score():
    base = {"staff_no": "A1", "kind": "weekly", "occurred_at": "2026-01-06T10:00", "topic": "t", "score": ""}
    rows = [
        (2, base),
        (3, base | {"kind": "yearly"}),
        (4, base | {"score": "-1"}),
        (5, base | {"score": "NaN"}),
        (6, base | {"topic": ""}),
        (7, base | {"score": "95.5", "trainer": " 周老师 "}),
    ]
    good, errors = validate_training_rows(rows)
    assert [e.line for e in errors] == [3, 4, 5, 6]
    assert [r.line for r in good] == [2, 7] and str(good[1].score) == "95.5" and good[1].trainer == "周老师"
    assert good[0].session_key == ("weekly", datetime.datetime(2026, 1, 6, 2, tzinfo=UTC), "t", "", "", "")


@pytest.mark.django_db
def test_import_training_from_xlsx_keeps_the_time_of_a_date_time_cell(tmp_path):
    import io as _io

    from django.core.management import call_command
    from openpyxl import Workbook

    from evidence.models import TrainingEvent
    from tests.conftest import make_staff
    from trainings.imports import TRAINING_HEADER

    staff = make_staff()
    book = Workbook()
    book.active.append(TRAINING_HEADER)
    book.active.append(
        [staff.staff_no, "weekly", datetime.datetime(2026, 3, 2, 14, 30), "晨会", "周老师", "一楼", 90, None]
    )
    path = tmp_path / "training.xlsx"
    book.save(path)
    call_command("import_training", str(path), stdout=_io.StringIO())
    event = TrainingEvent.objects.get(staff=staff)
    assert event.occurred_at == datetime.datetime(2026, 3, 2, 6, 30, tzinfo=datetime.UTC)  # 14:30 in Asia/Shanghai
