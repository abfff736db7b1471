"""`manage.py import_leave`: registers periods, is atomic on bad input, and importing again changes nothing."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from people.models import Leave
from tests.conftest import make_staff

D = datetime.date
HEADER = "staff_no,kind,start,end\n"


def write(tmp_path, text, name="leave.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig"))
    return str(path)


def snapshot():
    return sorted(Leave.objects.values_list("staff__staff_no", "kind", "start", "end", "note"))


@pytest.fixture
def people(db):
    return make_staff(staff_no="1001"), make_staff(staff_no="1002")


GOOD = HEADER + "1001,产假,2026-03-02,2026-06-07\n1002,病假,2026-01-05,2026-01-09\n"


def test_import_registers_every_period(tmp_path, people):
    out = StringIO()
    call_command("import_leave", write(tmp_path, GOOD), stdout=out)
    assert "新增休假 2 条" in out.getvalue()
    assert snapshot() == [
        ("1001", "maternity", D(2026, 3, 2), D(2026, 6, 7), ""),
        ("1002", "sick", D(2026, 1, 5), D(2026, 1, 9), ""),
    ]


def test_importing_the_same_file_again_changes_nothing(tmp_path, people):
    path = write(tmp_path, GOOD)
    call_command("import_leave", path, stdout=StringIO())
    before = list(Leave.objects.order_by("pk").values())
    out = StringIO()
    call_command("import_leave", path, stdout=out)
    assert list(Leave.objects.order_by("pk").values()) == before
    assert "新增休假 0 条，更新 0 条，未变 2 条" in out.getvalue()


def test_a_new_end_for_the_same_first_day_updates_the_period(tmp_path, people):
    call_command("import_leave", write(tmp_path, GOOD), stdout=StringIO())
    call_command("import_leave", write(tmp_path, GOOD.replace("2026-06-07", "2026-06-21"), "b.csv"), stdout=StringIO())
    assert Leave.objects.get(staff__staff_no="1001").end == D(2026, 6, 21)
    assert Leave.objects.count() == 2


def test_a_file_with_one_bad_line_writes_nothing_and_names_every_bad_line(tmp_path, people):
    bad = GOOD + "7777,病假,2026-02-01,2026-02-02\n1001,事假,2026-04-01,2026-04-03\n"
    err = StringIO()
    with pytest.raises(CommandError, match="2 行有错误"):
        call_command("import_leave", write(tmp_path, bad), stdout=StringIO(), stderr=err)
    assert "第 4 行：未知工号 7777" in err.getvalue()
    assert "第 5 行：与第 2 行的休假重叠" in err.getvalue()
    assert snapshot() == []


def test_a_period_overlapping_registered_leave_is_refused(tmp_path, people):
    Leave.objects.create(staff=people[0], kind="sick", start=D(2026, 5, 1), end=D(2026, 5, 3))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_leave", write(tmp_path, GOOD), stdout=StringIO(), stderr=err)
    assert "第 2 行：与已登记的休假 2026-05-01 至 2026-05-03 重叠" in err.getvalue()
    assert len(snapshot()) == 1


def test_output_in_english(tmp_path, people):
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_leave", write(tmp_path, HEADER + "7777,病假,2026-02-01,2026-02-02\n"), language="en", stderr=err
        )
    assert "7777" in err.getvalue() and "第" not in err.getvalue()


def test_a_wrong_header_or_missing_file_is_a_clear_error(tmp_path, people):
    with pytest.raises(CommandError, match="表头缺少列"):
        call_command("import_leave", write(tmp_path, "staff_no,kind,start\n1001,病假,2026-01-01\n"))
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_leave", str(tmp_path / "nope.csv"))


def test_an_oversized_file_is_refused(tmp_path, people, settings):
    settings.PEIXUN_IMPORT_MAX_BYTES = 10
    with pytest.raises(CommandError, match="文件过大"):
        call_command("import_leave", write(tmp_path, GOOD))
