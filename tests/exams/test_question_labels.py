"""Question types and bank categories are shown by name in the chosen language, never by their codes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from exams.attempts import attempt_save_answer, attempt_start, attempt_submit
from exams.bank import ImportReport
from exams.labels import category_label, kind_label
from exams.models import QuestionCategory
from exams.reports import quiz_statistics
from people.models import Staff
from tests.conftest import make_staff

from .utils import FIXTURES, load_fixture_bank, make_quiz

CODES = ("single", "multiple", "truefalse", "fill", "ordering", "matching", "essay")


@pytest.fixture(autouse=True)
def _chinese_afterwards(settings):
    """Choosing English through the site leaves it active in this thread; undo it for later tests."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def cells(page: str) -> str:
    """The import report's table only (the rest of the page has its own words)."""
    return page.split('<table class="listing">', 1)[1].split("</table>", 1)[0]


def test_category_paths_read_as_module_names_and_keep_trainers_own_names():
    assert category_label("etiquette/电话礼仪") == "服务礼仪 / 电话礼仪"
    assert category_label("练习/security") == "练习 / 安全保密"
    assert category_label("Iota/Kappa") == "Iota / Kappa"
    with translation.override("en"):
        assert category_label("etiquette/电话礼仪") == "Service etiquette / 电话礼仪"


def test_type_and_skipped_kind_names_follow_the_language():
    assert [kind_label(k) for k in ("single", "essay", "numerical", "invalid", "odd")] == [
        "单选题",
        "简答题",
        "数值题（不支持）",
        "有误的试题",
        "odd",
    ]
    with translation.override("en"):
        assert kind_label("matching") == "Matching pairs" and kind_label("cloze") == "Embedded answers (not supported)"


def test_import_report_rows_are_named_and_in_the_bank_order():
    report = ImportReport()
    report.created.update({"essay": 1, "single": 2})
    report.skipped.update({"invalid": 1, "numerical": 1})
    assert [row[0] for row in report.rows()] == ["单选题", "简答题", "数值题（不支持）", "有误的试题"]
    assert report.rows()[0] == ("单选题", 2, 0, 0, 0)


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("zh-hans", ["单选题", "多选题", "判断题", "填空题", "排序题", "匹配题", "简答题"]),
        ("en", ["Single choice", "Multiple choice", "True/false", "Fill in the blank", "Ordering", "Matching pairs"]),
    ],
)
def test_the_import_report_names_types_in_the_chosen_language(org, client, language, names):
    client.force_login(org["trainer"])
    if language == "en":
        english(client)
    upload = SimpleUploadedFile("bank.yaml", (FIXTURES / "etiquette.yaml").read_bytes())
    table = cells(client.post(reverse("exams_admin:import"), {"file": upload, "format": ""}).content.decode())
    for name in names:
        assert f"<td>{name}</td>" in table
    assert not any(f"<td>{code}</td>" in table for code in CODES)


def test_the_import_report_names_what_it_skipped(org, client):
    client.force_login(org["trainer"])
    upload = SimpleUploadedFile("bank.yaml", (FIXTURES / "bad.yaml").read_bytes())
    table = cells(client.post(reverse("exams_admin:import"), {"file": upload, "format": ""}).content.decode())
    assert "<td>数值题（不支持）</td>" in table and "<td>有误的试题</td>" in table
    assert "<td>numerical</td>" not in table and "<td>invalid</td>" not in table


def test_the_import_command_names_types_in_chinese_by_default(db, capsys):
    call_command("import_questions", str(FIXTURES / "etiquette.yaml"), "--format", "yaml")
    out = capsys.readouterr().out
    assert "单选题 1" in out and "single" not in out


@pytest.mark.parametrize(
    ("language", "category", "qtype", "code_cell"),
    [("zh-hans", "服务礼仪", "单选题", ">etiquette<"), ("en", "Service etiquette", "Single choice", ">single<")],
)
def test_the_bank_list_and_its_filters_name_types_and_categories(
    org, client, django_assert_max_num_queries, language, category, qtype, code_cell
):
    load_fixture_bank()
    QuestionCategory.objects.create(
        path="etiquette/电话", name="电话", parent=QuestionCategory.objects.get(path="etiquette")
    )
    client.force_login(org["trainer"])
    if language == "en":
        english(client)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("exam_questions:index")).content.decode()
    assert f"<td>{category}</td>" in page or f">{category}<" in page
    assert qtype in page and f"{category} / 电话" in page
    assert code_cell not in page and ">etiquette/电话<" not in page


def test_the_bank_list_costs_the_same_queries_for_more_questions(org, client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(org["trainer"])
    load_fixture_bank()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("exam_questions:index"))
    load_fixture_bank("bad.yaml")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("exam_questions:index"))


def test_the_export_chooser_offers_categories_by_name(org, client):
    load_fixture_bank()
    client.force_login(org["trainer"])
    page = client.get(reverse("exams_admin:import")).content.decode()
    assert '<option value="etiquette">服务礼仪</option>' in page
    english(client)
    page = client.get(reverse("exams_admin:import")).content.decode()
    assert '<option value="etiquette">Service etiquette</option>' in page


def test_the_quiz_statistics_name_each_question_type(org, client):
    bank = load_fixture_bank()
    quiz = make_quiz([bank["t-001"], bank["t-003"]])
    staff = make_staff(org["hall_a"])
    attempt = attempt_start(staff=staff, quiz=quiz)
    attempt_save_answer(attempt_id=attempt.pk, staff=staff, question_id=bank["t-003"].pk, raw=True)
    attempt_submit(attempt_id=attempt.pk, staff=staff)
    assert quiz_statistics(quiz, Staff.objects.values("pk")).attempts == 1
    client.force_login(org["manager_a"].user)
    page = client.get(reverse("exams_admin:stats", args=[quiz.pk])).content.decode()
    assert "<td>单选题</td>" in page and "<td>判断题</td>" in page
    english(client)
    page = client.get(reverse("exams_admin:stats", args=[quiz.pk])).content.decode()
    assert "<td>Single choice</td>" in page and "<td>True/false</td>" in page
