"""No 500 on bad input: each reproduced case of issue 14 item 10 gets a 400 or a row-level error, nothing
written. The fuzz tests (``tests/test_fuzz.py``) cover the same endpoints and imports with generated input."""

import datetime
import io
import json
import zipfile
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from exams.attempts import attempt_start
from exams.codec import BadResponse, response_from_browser
from exams.formats.xlsx import blank_template
from exams.models import Answer, Question
from people import roles
from people.models import Staff
from tests.conftest import make_staff, make_user
from tests.exams.utils import load_fixture_bank, make_quiz

STAFF_HEADER = "staff_no,name,branch,hall_code,hall_name,post,is_backbone,hired_on,left_on\n"


@pytest.fixture
def attempt(db, client):
    bank = load_fixture_bank()
    staff = make_staff()
    client.force_login(staff.user)
    attempt = attempt_start(staff=staff, quiz=make_quiz([bank[f"t-00{n}"] for n in range(1, 8)]))
    attempt.bank = bank
    return attempt


def autosave(client, attempt, body: str):
    return client.post(reverse("exams:attempt_answer", args=[attempt.pk]), data=body, content_type="application/json")


@pytest.mark.parametrize(
    "body",
    [
        '{"question": Infinity, "response": 0}',
        '{"question": NaN, "response": 0}',
        '{"question": 1e400, "response": 0}',
        '{"question": 123456789012345678901234567890, "response": 0}',
        '{"question": "%(single)s", "response": Infinity}',
        '{"question": %(single)s, "response": -Infinity}',
        '{"%(single)s": Infinity}',
        "[1, 2]",
        '"text"',
        "[" * 100_000,
    ],
)
def test_autosave_of_non_finite_or_wrong_json_is_a_400_and_saves_nothing(client, attempt, body):
    single = attempt.bank["t-001"].pk
    response = autosave(client, attempt, body.replace("%(single)s", str(single)))
    assert response.status_code == 400
    assert not Answer.objects.filter(attempt=attempt).exists()


@pytest.mark.parametrize(
    "key,raw", [("t-005", ["a", 1, 2, 3]), ("t-005", [{}, {}]), ("t-005", [True, 0, 1, 2]), ("t-006", {"³": 0})]
)
def test_ordering_and_matching_answers_of_the_wrong_shape_are_a_400(client, attempt, key, raw):
    response = autosave(client, attempt, json.dumps({"question": attempt.bank[key].pk, "response": raw}))
    assert response.status_code == 400 and response.json()["error"] == "bad_response"
    assert not Answer.objects.filter(attempt=attempt).exists()


def test_the_codec_refuses_mixed_ordering_and_unicode_digit_keys():
    ordering = {"q": 1, "t": "ordering", "i": [2, 0, 1, 3]}
    matching = {"q": 2, "t": "matching", "l": ["a"], "r": ["x"]}
    for slot, raw in [
        (ordering, ["a", 1, 2, 3]),
        (ordering, [{}, {}]),
        (matching, {"³": 0}),
        (matching, {"9" * 5000: 0}),
    ]:
        with pytest.raises(BadResponse):
            response_from_browser(slot, raw)
    assert response_from_browser({"q": 3, "t": "essay"}, "a\x00b") == "ab"


@pytest.mark.parametrize("query", ['"', "\x00", '"投诉', "a AND (", "*", "NEAR(", "^", "-", ":"])
def test_search_with_query_syntax_or_nul_is_a_page_not_a_500(client, db, query):
    client.force_login(make_staff().user)
    response = client.get(reverse("courses:search"), {"q": query})
    assert response.status_code == 200


def test_a_bank_xlsx_with_broken_sheet_xml_is_refused_with_a_message(client, db):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blank_template())) as source, zipfile.ZipFile(out, "w") as broken:
        for item in source.infolist():
            data = source.read(item)
            broken.writestr(item, data[: len(data) // 2] if item.filename.startswith("xl/worksheets/") else data)
    client.force_login(make_user("author", roles.HR))
    response = client.post(
        reverse("exams_admin:import"), {"file": SimpleUploadedFile("bank.xlsx", out.getvalue()), "format": ""}
    )
    assert response.status_code == 200 and "不是可读的 .xlsx 工作簿" in response.content.decode()
    assert not Question.objects.exists()


def test_staff_import_refuses_a_too_long_name_and_a_taken_user_name_row_by_row(client, org, tmp_path):
    """On PostgreSQL a 51-character name used to be a DataError and a taken user name an IntegrityError."""
    long_name = "张" * 51
    csv = STAFF_HEADER + (
        f"N1,{long_name},QC,QC01,中山路营业厅,综合受理,0,2021-03-01,\n"
        "hr,冒名,QC,QC01,中山路营业厅,综合受理,0,2021-03-01,\n"
        "MA,重名,QC,QC01,中山路营业厅,综合受理,0,2021-03-01,\n"
        "N4,王五,QC,QC01,中山路营业厅,综合受理,0,2021-03-01,\n"
    )
    client.force_login(org["hr"])
    page = client.post(reverse("people_admin:import"), {"file": SimpleUploadedFile("s.csv", csv.encode())})
    text = page.content.decode()
    assert page.status_code == 200 and "第 2 行：name 过长（最多 50 个字符）" in text
    assert "token" not in page.context
    # The name fixed, the user name stays taken: only the database knows, and it says so per row.
    csv = csv.replace(long_name, "张三")
    page = client.post(reverse("people_admin:import"), {"file": SimpleUploadedFile("s.csv", csv.encode())})
    assert "第 3 行：工号 hr 已是另一个登录账号的用户名" in page.content.decode()
    assert "token" not in page.context
    path = tmp_path / "s.csv"
    path.write_text(csv)
    with pytest.raises(CommandError, match="1 行有错误"):
        call_command("import_staff", str(path), stdout=StringIO(), stderr=StringIO())
    assert not Staff.objects.filter(staff_no__in=["N1", "hr", "N4"]).exists()
    assert get_user_model().objects.get(username="hr").groups.filter(name=roles.HR).exists()


def test_a_leftover_plain_account_is_linked_not_refused(db):
    from people.imports import HEADER, read_table, validate_rows
    from people.services import staff_import_apply

    leftover = make_user("N9", roles.STAFF)
    rows, _errors = validate_rows(
        read_table((STAFF_HEADER + "N9,赵六,QC,QC01,厅,综合受理,0,2021-03-01,\n").encode(), "s.csv", HEADER)
    )
    plan = staff_import_apply(rows=rows, today=datetime.date(2026, 6, 1))
    assert plan.errors == [] and Staff.objects.get(staff_no="N9").user == leftover


def test_leave_and_launch_imports_refuse_cells_longer_than_their_columns(db, tmp_path):
    make_staff(staff_no="L1")
    path = tmp_path / "leave.csv"
    path.write_text("staff_no,kind,start,end,note\nL1,病假,2026-01-05,2026-01-06," + "注" * 201 + "\n")
    with pytest.raises(CommandError):
        call_command("import_leave", str(path), stdout=StringIO(), stderr=StringIO())
    path = tmp_path / "launch.csv"
    path.write_text("code,name,announced_at,hall_codes\n" + "C" * 51 + ",新业务,2026-01-05 09:00,\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_launches", str(path), stdout=StringIO(), stderr=err)
    assert "code 过长（最多 50 个字符）" in err.getvalue()


def test_a_staff_xlsx_with_a_nul_in_a_cell_imports_without_it(db):
    from people.imports import HEADER, read_table

    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["X1", "名字", "QC", "QC01", "厅", "综合受理", 0, "2021-03-01", None])
    data = io.BytesIO()
    book.save(data)
    [(_line, row)] = read_table(data.getvalue(), "s.xlsx", HEADER)
    assert row["name"] == "名字"
    rows = read_table((STAFF_HEADER + "X2,名\x00字,QC,QC01,厅,综合受理,0,2021-03-01,\n").encode(), "s.csv", HEADER)
    assert rows[0][1]["name"] == "名字"
