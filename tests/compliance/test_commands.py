"""The command-line contract: import_launches, import_training, compliance_report (json, csv, xlsx)."""

import datetime
import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from evidence.models import Launch, TrainingEvent
from tests.conftest import make_hall, make_staff
from trainings.models import Attendance, TrainingSession

LAUNCHES = "code,name,announced_at,hall_codes\n5G,5G 套餐,2026-03-06T10:00:00,HA\nALL,全员业务,2026-03-10T02:00:00Z,\n"
TRAINING = (
    "staff_no,kind,occurred_at,topic,trainer,place,score,launch_code\n"
    "A1,weekly,2026-01-06T10:00:00,服务礼仪,周老师,会议室,90,\n"
    "A2,weekly,2026-01-06T10:00:00,服务礼仪,周老师,会议室,,\n"
    "A1,weekly,2026-01-06T10:00:00,服务礼仪,周老师,会议室,90,\n"
    "A1,new_service,2026-03-07T09:00:00+08:00,5G 套餐,周老师,会议室,,5G\n"
    "A1,weekly,2026-01-11T15:30:00Z,夜班培训,周老师,,,\n"
)


def write(tmp_path, text, name="f.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def people(db):
    hall = make_hall(code="HA")
    make_hall(code="HB")
    return {no: make_staff(hall, staff_no=no, user=None) for no in ("A1", "A2")}


def snapshot():
    return (
        sorted(Launch.objects.values_list("code", "name", "announced_at")),
        TrainingSession.objects.count(),
        sorted(Attendance.objects.values_list("session_id", "staff_id", "score")),
        sorted(TrainingEvent.objects.values_list("staff_id", "kind", "occurred_at", "source_ref", "launch_id")),
    )


def test_import_launches_creates_with_hall_scope_and_utc_times(people, tmp_path):
    out = StringIO()
    call_command("import_launches", write(tmp_path, LAUNCHES), stdout=out)
    assert "新增 2" in out.getvalue()
    fiveg = Launch.objects.get(code="5G")
    assert fiveg.announced_at == datetime.datetime(2026, 3, 6, 2, tzinfo=datetime.UTC)
    assert list(fiveg.halls.values_list("code", flat=True)) == ["HA"]
    assert not Launch.objects.get(code="ALL").halls.exists()


def test_import_launches_rerun_changes_nothing(people, tmp_path):
    path = write(tmp_path, LAUNCHES)
    call_command("import_launches", path, stdout=StringIO())
    before = snapshot()
    out = StringIO()
    call_command("import_launches", path, stdout=out)
    assert snapshot() == before and "未变 2" in out.getvalue()


def test_import_launches_lists_every_bad_row_and_imports_nothing(people, tmp_path):
    bad = LAUNCHES + "X,,soon,\n5G,重复,2026-03-06T10:00,\nY,未知厅,2026-03-06T10:00,ZZ\n"
    err = StringIO()
    with pytest.raises(CommandError, match="3 行有错误"):
        call_command("import_launches", write(tmp_path, bad), stdout=StringIO(), stderr=err)
    assert [line.split("：")[0] for line in err.getvalue().splitlines()] == ["第 4 行", "第 5 行", "第 6 行"]
    assert not Launch.objects.exists()


def test_import_launches_unknown_hall_is_a_row_error(people, tmp_path):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_launches", write(tmp_path, LAUNCHES + "Y,未知厅,2026-03-06T10:00,ZZ\n"), stderr=err)
    assert "第 4 行：未知营业厅 ZZ" in err.getvalue() and not Launch.objects.exists()


def test_import_training_groups_rows_into_sessions_and_counts_duplicates_once(people, tmp_path):
    call_command("import_launches", write(tmp_path, LAUNCHES, "l.csv"), stdout=StringIO())
    out = StringIO()
    call_command("import_training", write(tmp_path, TRAINING), stdout=out)
    assert "新增 3" in out.getvalue()
    first = TrainingSession.objects.get(topic="服务礼仪")
    assert first.attendances.count() == 2 and first.trainer_name == "周老师"
    assert list(first.halls.values_list("code", flat=True)) == ["HA"]
    assert TrainingEvent.objects.filter(staff=people["A1"]).count() == 3
    ns = TrainingEvent.objects.get(kind="new_service")
    assert ns.launch.code == "5G" and ns.occurred_at == datetime.datetime(2026, 3, 7, 1, tzinfo=datetime.UTC)


def test_import_training_rerun_changes_nothing(people, tmp_path):
    call_command("import_launches", write(tmp_path, LAUNCHES, "l.csv"), stdout=StringIO())
    path = write(tmp_path, TRAINING)
    call_command("import_training", path, stdout=StringIO())
    before = snapshot()
    call_command("import_training", path, stdout=StringIO())
    assert snapshot() == before


def test_import_training_is_atomic_and_lists_every_bad_row(people, tmp_path):
    bad = TRAINING + (
        "ZZ,weekly,2026-01-06T10:00:00,t,,,,\n"
        "A1,yearly,2026-01-06T10:00:00,t,,,,\n"
        "A1,weekly,06/01/2026,t,,,,\n"
        "A1,weekly,2026-01-06T10:00:00,t,,,abc,\n"
        "A1,new_service,2026-01-06T10:00:00,t,,,,NOPE\n"
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_training", write(tmp_path, bad), stdout=StringIO(), stderr=err)
    text = err.getvalue()
    for line in (8, 9, 10):
        assert f"第 {line} 行" in text
    assert not TrainingSession.objects.exists() and not TrainingEvent.objects.exists()


def test_import_training_unknown_staff_and_launch_are_listed(people, tmp_path):
    bad = TRAINING.replace(",5G\n", ",NOPE\n") + "ZZ,weekly,2026-01-06T10:00:00,t,,,,\n"
    err = StringIO()
    with pytest.raises(CommandError, match="2 行有错误"):
        call_command("import_training", write(tmp_path, bad), stdout=StringIO(), stderr=err)
    assert "第 5 行：未知新业务编码 NOPE" in err.getvalue() and "第 7 行：未知工号 ZZ" in err.getvalue()
    assert not TrainingSession.objects.exists()


def test_import_with_a_wrong_header_or_missing_file_fails_cleanly(people, tmp_path):
    with pytest.raises(CommandError, match="表头缺少列"):
        call_command("import_training", write(tmp_path, "staff_no,kind\nA1,weekly\n"))
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_launches", str(tmp_path / "nope.csv"))


def report(*extra):
    out = StringIO()
    call_command("compliance_report", *extra, stdout=out)
    return out.getvalue()


def test_report_json_follows_the_contract(people, tmp_path):
    call_command("import_launches", write(tmp_path, LAUNCHES, "l.csv"), stdout=StringIO())
    call_command("import_training", write(tmp_path, TRAINING), stdout=StringIO())
    data = json.loads(report("--as-of", "2026-03-20T12:00:00+08:00", "--format", "json"))
    assert data["as_of"] == "2026-03-20T12:00:00+08:00"
    a1, a2 = data["staff"]
    assert a1["staff_no"] == "A1" and a1["compliant"] is False
    assert a1["rules"]["weekly"]["missed"][0] == "2026-W03"  # the Sunday 23:30 local event is in W02
    assert a2["rules"]["weekly"]["missed"][0] == "2026-W03"
    assert a1["rules"]["new_service"] == {"status": "missed", "missed": ["ALL"], "pending": []}
    assert a2["rules"]["new_service"]["missed"] == ["5G", "ALL"]
    assert a1["rules"]["annual"] == {
        "status": "in_progress",
        "year": 2026,
        "count": 0,
        "required": 12,
        "centralized": 0,
        "centralized_required": 4,
    }
    assert set(a1["rules"]) == {"weekly", "annual", "backbone", "new_service", "onboarding"}


def test_report_naive_as_of_is_shanghai_time(people):
    data = json.loads(report("--as-of", "2026-01-12T00:00:00"))
    assert data["as_of"] == "2026-01-12T00:00:00+08:00"
    assert data["staff"][0]["rules"]["weekly"] == {"status": "missed", "missed": ["2026-W02"], "pending": "2026-W03"}


def test_report_csv_has_one_row_per_person(people):
    lines = report("--as-of", "2026-01-12T00:00:00", "--format", "csv").splitlines()
    assert lines[0].startswith("staff_no,compliant,weekly_status,weekly_missed,weekly_pending,annual_status")
    assert lines[1].startswith("A1,false,missed,2026-W02,2026-W03,in_progress,2026,0,12,0,4,n/a")
    assert len(lines) == 3


def test_report_xlsx_to_a_file(people, tmp_path):
    path = tmp_path / "r.xlsx"
    call_command("compliance_report", "--as-of", "2026-01-12T00:00:00", "--format", "xlsx", "--output", str(path))
    rows = list(load_workbook(io.BytesIO(path.read_bytes())).active.iter_rows(values_only=True))
    assert rows[0][0] == "staff_no" and [r[0] for r in rows[1:]] == ["A1", "A2"]


def test_report_bad_as_of_is_a_clear_error(people):
    with pytest.raises(CommandError, match="--as-of"):
        report("--as-of", "yesterday")


def test_report_ignores_events_after_as_of(people, tmp_path):
    call_command("import_training", write(tmp_path, TRAINING.split("A1,new_service")[0]), stdout=StringIO())
    early = json.loads(report("--as-of", "2026-01-06T09:59:59"))
    assert early["staff"][0]["rules"]["weekly"]["pending"] == "2026-W02"
    on_time = json.loads(report("--as-of", "2026-01-06T10:00:00"))
    assert on_time["staff"][0]["rules"]["weekly"]["pending"] is None


def test_import_training_reads_xlsx_with_iso_text_times(people, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["staff_no", "kind", "occurred_at", "topic", "trainer", "place", "score", "launch_code"])
    sheet.append(["A1", "plan", "2026-02-03T10:00", "计划培训", "周老师", "", 88, ""])
    path = tmp_path / "t.xlsx"
    book.save(path)
    call_command("import_training", str(path), stdout=StringIO())
    event = TrainingEvent.objects.get()
    assert event.occurred_at == datetime.datetime(2026, 2, 3, 2, tzinfo=datetime.UTC) and event.score == 88


def test_report_for_the_year_just_closed_judges_its_last_week_in_january(people):
    data = json.loads(report("--as-of", "2027-01-05T09:00:00", "--year", "2026"))
    a1 = data["staff"][0]["rules"]
    assert data["year"] == 2026 and a1["weekly"]["missed"][-1] == "2026-W53" and a1["weekly"]["pending"] is None
    assert a1["annual"]["status"] == "missed" and a1["annual"]["year"] == 2026  # never in_progress after the year
    default = json.loads(report("--as-of", "2027-01-05T09:00:00"))
    assert default["year"] == 2027 and default["staff"][0]["rules"]["annual"]["year"] == 2027
    assert default["staff"][0]["rules"]["weekly"]["missed"] == []


def test_report_year_in_csv_and_xlsx(people, tmp_path):
    lines = report("--as-of", "2027-01-05T09:00:00", "--year", "2026", "--format", "csv").splitlines()
    assert ",missed,2026,0,12,0,4," in lines[1]
    path = tmp_path / "r.xlsx"
    call_command(
        "compliance_report", "--as-of", "2027-01-05T09:00", "--year", "2026", "--format", "xlsx", "--output", str(path)
    )
    rows = list(load_workbook(io.BytesIO(path.read_bytes())).active.iter_rows(values_only=True))
    assert rows[1][6] == 2026


def test_report_year_after_the_as_of_is_refused_clearly(people):
    with pytest.raises(CommandError, match="--year 2027"):
        report("--as-of", "2026-12-31T23:00:00", "--year", "2027")
    with pytest.raises(CommandError):
        report("--as-of", "2026-12-31T23:00:00", "--year", "next")


def test_report_files_quote_cells_that_look_like_formulas(people, tmp_path):
    hall = people["A1"].hall
    make_staff(hall, staff_no="@SUM(1)", user=None)
    make_staff(hall, staff_no='=HYPERLINK("http://x","y")', user=None)
    lines = report("--as-of", "2026-01-12T00:00:00", "--format", "csv").splitlines()
    firsts = {line.split(",")[0] for line in lines[1:]}
    assert {"'@SUM(1)", "A1"} <= firsts and any(f.startswith("\"'=HYPERLINK(") for f in firsts)
    path = tmp_path / "r.xlsx"
    call_command("compliance_report", "--as-of", "2026-01-12T00:00:00", "--format", "xlsx", "--output", str(path))
    sheet = load_workbook(path).active
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert cells['\'=HYPERLINK("http://x","y")'][0].data_type == "s" and "'@SUM(1)" in cells
    assert cells["A1"][6].value == 2026 and cells["A1"][6].data_type == "n"
