"""Import errors and command output follow the active language: Chinese by default, English when chosen
(the language cookie in the admin, ``--language en`` or ``translation.override`` elsewhere)."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from content.curriculum import CurriculumError, parse_module
from exams.formats import read_bank
from i18n.messages import Message, gettext_noop
from people.imports import HEADER, read_table, validate_rows

STAFF_HEADER = ",".join(HEADER) + "\n"
BAD_STAFF = STAFF_HEADER + (
    "1001,,QC,QC01,中山路营业厅,综合受理,是,2021-03-01,\n"
    "1002,李强,QC,QC01,中山路营业厅,保安,0,2019/07/15,\n"
    "1001,张敏,JW,JW01,人民广场营业厅,投诉接待,maybe,2022-10-08,\n"
)


@pytest.fixture(autouse=True)
def _language_restored():
    """The language middleware leaves the chosen language active in this thread; undo it for later tests."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def _staff_errors():
    return validate_rows(read_table(BAD_STAFF.encode(), "staff.csv", HEADER))[1]


def test_message_is_rendered_in_the_language_active_when_shown():
    message = Message(gettext_noop("第 %(n)s 题（%(name)s）"), n=3, name="礼仪")
    assert str(message) == "第 3 题（礼仪）"
    with translation.override("en"):
        assert str(message) == "question 3 (礼仪)"


def test_staff_row_errors_in_chinese_and_in_english():
    errors = _staff_errors()
    assert [e.line for e in errors] == [2, 3, 4]
    assert str(errors[0]) == "第 2 行：缺少 name"
    assert "未知岗位 “保安”；hired_on 日期格式错误 “2019/07/15”（应为 YYYY-MM-DD）" in str(errors[1])
    with translation.override("en"):
        assert str(errors[0]) == "Line 2: missing name"
        assert str(errors[1]) == (
            "Line 3: unknown post “保安”; hired_on has a bad date “2019/07/15” (expected YYYY-MM-DD)"
        )
        assert str(errors[2]).startswith("Line 4: is_backbone not recognised “maybe”")
        assert str(errors[2]).endswith("staff number 1001 repeats line 2")


@pytest.mark.django_db
def test_admin_staff_preview_shows_errors_in_english_after_choosing_english(client, org):
    client.force_login(org["hr"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    upload = SimpleUploadedFile("staff.csv", BAD_STAFF.encode())
    page = client.post(reverse("people_admin:import"), {"file": upload}).content.decode()
    assert "Line 2: missing name" in page and "Line 4:" in page and "repeats line 2" in page
    assert "第 2 行" not in page and "缺少" not in page
    assert "Columns: staff_no,name" in page and "表头" not in page
    wrong = SimpleUploadedFile("staff.csv", b"staff_no,name\n1,a\n")
    page = client.post(reverse("people_admin:import"), {"file": wrong}).content.decode()
    assert "The header lacks columns: branch, hall_code" in page


@pytest.mark.django_db
def test_admin_staff_preview_shows_errors_in_chinese_by_default(client, org):
    client.force_login(org["hr"])
    page = client.post(reverse("people_admin:import"), {"file": SimpleUploadedFile("s.csv", BAD_STAFF.encode())})
    assert "第 2 行：缺少 name" in page.content.decode()


LAUNCHES = (
    "code,name,announced_at,hall_codes\n5G,5G 套餐,2026-03-06T10:00:00,HA\nX,,soon,\nY,未知厅,2026-03-06T10:00,ZZ\n"
)


@pytest.mark.django_db
def test_launch_import_command_in_english_and_in_chinese(tmp_path, org):
    path = tmp_path / "launches.csv"
    path.write_text(LAUNCHES, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="^2 rows have errors; nothing was imported.$"):
        call_command("import_launches", str(path), "--language", "en", stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0] == "Line 3: missing name; announced_at has a bad time “soon” " + (
        "(expected ISO 8601, e.g. 2026-03-06T10:00 or 2026-03-06T02:00Z)"
    )
    assert lines[1] == "Line 4: unknown hall ZZ"
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 行有错误，未导入任何数据"):
        call_command("import_launches", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines()[1] == "第 4 行：未知营业厅 ZZ"


@pytest.mark.django_db
def test_training_import_command_output_in_english(tmp_path, org):
    path = tmp_path / "training.csv"
    path.write_text(
        "staff_no,kind,occurred_at,topic,trainer,place,score,launch_code\nA1,weekly,2026-01-06T10:00,礼仪,周,,90,\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_training", str(path), "--language", "en", stdout=out)
    assert out.getvalue() == (
        "Read the file as UTF-8, comma-separated\nTraining sessions: 1 created, 0 already there.\n"
    )


def _bad_xlsx() -> bytes:
    wb = Workbook()
    wb.active.append(["type", "text", "answer", "option_1", "fraction_1"])
    wb.active.append(["truefalse", "缺答案", "", "", ""])
    wb.active.append(["numerical", "2+2?", "", "", ""])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_question_bank_problems_in_english_and_in_chinese():
    questions, problems = read_bank(_bad_xlsx(), "xlsx")
    assert questions == [] and [p.kind for p in problems] == ["invalid", "numerical"]
    assert [str(p) for p in problems] == ["表格第 2 行：判断题没有答案", "表格第 3 行：未知题型 'numerical'"]
    with translation.override("en"):
        assert [str(p) for p in problems] == ["row 2: true/false without an answer", "row 3: unknown type 'numerical'"]
    _, problems = read_bank(b"Where?\nA) here\nB) there\n\nWhat?\nA. one\nANSWER: A\n", "aiken")
    with translation.override("en"):
        assert [str(p) for p in problems] == [
            "line 1: question has no ANSWER line",
            "line 5: a question needs at least two options",
        ]


@pytest.mark.django_db
def test_admin_question_import_report_in_english(client, org):
    client.force_login(org["trainer"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    upload = SimpleUploadedFile("bank.xlsx", _bad_xlsx())
    page = client.post(reverse("exams_admin:import"), {"file": upload, "format": ""}).content.decode()
    assert "row 2: true/false without an answer" in page and "row 3: unknown type" in page
    assert "判断题没有答案" not in page
    page = client.post(reverse("exams_admin:import"), {"file": SimpleUploadedFile("b.xlsx", b"junk")}).content.decode()
    assert "not a readable .xlsx workbook" in page


@pytest.mark.django_db
def test_import_questions_command_in_chinese_by_default_and_english_on_request(tmp_path):
    path = tmp_path / "bank.xlsx"
    path.write_bytes(_bad_xlsx())
    out = io.StringIO()
    call_command("import_questions", str(path), stdout=out)
    assert (
        "  跳过：数值题（不支持） 1，有误的试题 1\n  导入 0，跳过 2\n  跳过 表格第 2 行：判断题没有答案\n"
        in out.getvalue()
    )
    out = io.StringIO()
    call_command("import_questions", str(path), "--language", "en", stdout=out)
    assert "  skipped: Numerical (not supported) 1, Invalid question 1\n  imported 0, skipped 2\n" in out.getvalue()
    assert "  skipped row 3: unknown type 'numerical'\n" in out.getvalue()


def test_curriculum_errors_follow_the_language():
    for language, expected in (
        ("zh-hans", "bad.yaml: module: 应为键值表"),
        ("en", "bad.yaml: module: should be a mapping"),
    ):
        with translation.override(language), pytest.raises(CurriculumError) as err:
            parse_module("module: 3\nlessons: []\n", source="bad.yaml", post_codes=[])
        assert expected in err.value.errors
