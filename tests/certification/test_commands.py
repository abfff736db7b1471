"""The command-line contract: import_programs, import_certificates (atomic, every bad row), certification_report."""

import datetime
import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from certification.models import Certificate, CertificateSource, Program
from people.posts import Post
from tests.conftest import make_hall, make_staff

from .utils import make_program

D = datetime.date
PROGRAMS = "code,name,posts,validity_months,window_days,grace_days\nSEC,安全保密上岗认证,,,,\nCTR,综合受理上岗认证,综合受理;front_desk,12,30,15\n"


def write(tmp_path, text, name="f.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def people(db):
    hall = make_hall(code="HA")
    return {
        "A1": make_staff(hall, staff_no="A1", user=None, post=Post.COUNTER, hired_on=D(2020, 1, 1)),
        "A2": make_staff(hall, staff_no="A2", user=None, post=Post.STOCK_KEEPER, hired_on=D(2020, 1, 1)),
        "A3": make_staff(hall, staff_no="A3", user=None, post=Post.COUNTER, hired_on=D(2026, 6, 20)),
        "GONE": make_staff(hall, staff_no="GONE", user=None, hired_on=D(2020, 1, 1), left_on=D(2026, 1, 31)),
    }


def test_import_programs_creates_then_updates_by_code_and_reads_post_names(db, tmp_path):
    out, _err = run("import_programs", write(tmp_path, PROGRAMS))
    assert "新增 2" in out
    ctr = Program.objects.get(code="CTR")
    assert (ctr.posts, ctr.validity_months, ctr.window_days, ctr.grace_days) == (["counter", "front_desk"], 12, 30, 15)
    sec = Program.objects.get(code="SEC")
    assert (sec.posts, sec.validity_months, sec.window_days, sec.grace_days) == ([], 24, 60, 30)
    out, _err = run("import_programs", write(tmp_path, PROGRAMS.replace(",12,30,15", ",24,30,15")))
    assert "更新 1" in out and "未变 1" in out
    assert Program.objects.get(code="CTR").validity_months == 24


def test_import_programs_lists_every_bad_row_and_writes_nothing(db, tmp_path):
    bad = (
        "code,name,posts,validity_months,window_days,grace_days\n"
        "SEC,安全,,,,\n"
        "bad code!,名称,,,,\n"
        "X,名称,厨师,,,\n"
        "SEC,重复,,,,\n"
        "Y,名称,,0,x,\n"
    )
    with pytest.raises(CommandError, match="4"):
        run("import_programs", write(tmp_path, bad))
    assert not Program.objects.exists()


CERTS = "staff_no,program,issued_on,expires_on,number\nA1,SEC,2024-03-01,2026-03-01,OLD-001\nA2,SEC,2025-01-10,2027-01-10,\n"


def test_import_certificates_records_them_with_their_dates_and_numbers(people, tmp_path):
    make_program("SEC")
    out, _err = run("import_certificates", write(tmp_path, CERTS))
    assert "导入 2" in out
    first = Certificate.objects.get(number="OLD-001")
    assert (first.staff.staff_no, first.issued_on, first.expires_on, first.source) == (
        "A1",
        D(2024, 3, 1),
        D(2026, 3, 1),
        CertificateSource.IMPORTED,
    )
    second = Certificate.objects.get(staff=people["A2"])
    assert second.number == f"SG-2025-{second.pk:06d}"
    out, _err = run("import_certificates", write(tmp_path, CERTS))
    assert "导入 0" in out and "已存在 2" in out and Certificate.objects.count() == 2


def test_import_certificates_lists_every_bad_row_and_writes_nothing(people, tmp_path):
    make_program("SEC")
    Certificate.objects.create(
        number="TAKEN",
        program=Program.objects.get(),
        staff=people["A2"],
        issued_on=D(2020, 1, 1),
        expires_on=D(2022, 1, 1),
        source=CertificateSource.IMPORTED,
    )
    bad = (
        "staff_no,program,issued_on,expires_on,number\n"
        "A1,SEC,2024-03-01,2026-03-01,GOOD-1\n"  # good, but the file is refused
        "NOBODY,SEC,2024-03-01,2026-03-01,\n"  # unknown person
        "A1,NOPE,2024-03-01,2026-03-01,\n"  # unknown program
        "A3,SEC,2024-03-01,2024-02-01,\n"  # expiry before issue
        "A2,SEC,2024-03-01,2026-03-01,TAKEN\n"  # number already used
        "A3,SEC,2024-04-01,2026-04-01,GOOD-1\n"  # number twice in the file
        "A3,SEC,2024-13-01,,\n"  # bad date, missing expiry
    )
    with pytest.raises(CommandError, match="6"):
        _out, err = run("import_certificates", write(tmp_path, bad))
    assert list(Certificate.objects.values_list("number", flat=True)) == ["TAKEN"]


def test_import_certificates_names_each_problem_on_its_line(people, tmp_path):
    make_program("SEC")
    bad = "staff_no,program,issued_on,expires_on\nNOBODY,NOPE,2024-03-01,2026-03-01\nA1,SEC,2024-03-01,2024-01-01\n"
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_certificates", write(tmp_path, bad), stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "第 2 行: 未知员工 NOBODY；未知认证项目 NOPE",
        "第 3 行: 有效期至早于发证日期",
    ]


@pytest.fixture
def certified(people, tmp_path):
    make_program("SEC")
    make_program("CTR", posts=[Post.COUNTER])
    run(
        "import_certificates",
        write(tmp_path, "staff_no,program,issued_on,expires_on,number\nA1,SEC,2024-08-01,2026-08-01,N1\n"),
    )
    return people


def test_the_json_report_lists_every_employed_person_and_the_programs_their_post_requires(certified):
    out, _err = run("certification_report", "--as-of", "2026-07-10", "--format", "json")
    report = json.loads(out)
    assert report["as_of"] == "2026-07-10"
    people = {p["staff_no"]: p for p in report["staff"]}
    assert list(people) == ["A1", "A2", "A3"]  # GONE left; by staff number
    a1 = {p["code"]: p for p in people["A1"]["programs"]}
    assert a1["SEC"] == {"code": "SEC", "status": "expiring", "issued_on": "2024-08-01", "expires_on": "2026-08-01"}
    assert set(people["A1"]) == {"staff_no", "programs"}
    assert a1["CTR"]["status"] == "missing" and a1["CTR"]["issued_on"] is None
    assert [p["code"] for p in people["A2"]["programs"]] == ["SEC"]  # stock keeper: CTR not required
    assert {p["code"]: p["status"] for p in people["A3"]["programs"]} == {"CTR": "in_grace", "SEC": "in_grace"}


def test_the_report_takes_a_time_one_program_and_writes_csv_and_xlsx(certified, tmp_path):
    out, _err = run(
        "certification_report", "--as-of", "2026-08-01T23:00:00+08:00", "--program", "SEC", "--format", "csv"
    )
    lines = out.splitlines()
    assert lines[:2] == ["staff_no,program,status,issued_on,expires_on", "A1,SEC,expiring,2024-08-01,2026-08-01"]
    target = tmp_path / "r.xlsx"
    run("certification_report", "--as-of", "2026-08-02", "--format", "xlsx", "--output", str(target))
    rows = list(load_workbook(io.BytesIO(target.read_bytes())).active.iter_rows(values_only=True))
    assert rows[0][0] == "staff_no" and ("A1", "SEC", "expired") in {(r[0], r[1], r[2]) for r in rows[1:]}


def test_the_report_refuses_a_bad_day_or_an_unknown_program(certified):
    with pytest.raises(CommandError, match="--as-of"):
        run("certification_report", "--as-of", "July", "--format", "json")
    with pytest.raises(CommandError, match="NOPE"):
        run("certification_report", "--as-of", "2026-07-10", "--program", "NOPE")
