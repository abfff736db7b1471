"""Training-record import files: rows checked for kind, time and score; date-time cells keep their time."""

import datetime

import pytest

from trainings.imports import validate_training_rows

UTC = datetime.UTC


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
