"""培训合规总览 and its CSV/XLSX export speak the user's language: status labels (已完成 / 进行中 / 未完成 /
待完成 / 不适用) with their counts, people's columns first, the codes for machines at the end; the hall
matrix and the PDF records' rule statuses read the same labels; every filter that leaves nothing says so."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from compliance.exports import HEADINGS, MACHINE_FIELDS
from evidence.models import EventKind
from evidence.services import training_event_record
from people.models import Staff
from tests.certification.utils import make_program
from tests.conftest import make_hall, make_staff

URL = reverse("compliance_admin:report")
JAN_5 = datetime.datetime(2027, 1, 5, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
MARCH = datetime.datetime(2026, 3, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
JUNE = datetime.datetime(2026, 6, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
ZH_HEAD = ["姓名", "营业厅", "岗位", "是否合规", "周培训", "周培训缺周数", "年度培训", "年度培训次数"]
EN_HEAD = ["Name", "Service hall", "Post", "Compliant", "Weekly training", "Weekly training: weeks missed"]


def english(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


def csv_table(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_table(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


def by_staff_no(table) -> dict[str, dict]:
    head, *rows = table
    return {row[head.index("staff_no")]: dict(zip(head, row, strict=True)) for row in rows}


@pytest.fixture
def year_2026(org):
    """A1 had two of the twelve planned trainings of 2026 and one weekly; the report is read on 5 January."""
    for n, (day, kind) in enumerate([(MARCH, EventKind.WEEKLY), (MARCH, EventKind.PLAN), (JUNE, EventKind.PLAN)]):
        training_event_record(
            staff_id=org["staff_a1"].pk, source="import", source_ref=f"t{n}", kind=kind, occurred_at=day
        )
    return org


def export(client, user, fmt, **query):
    with time_machine.travel(JAN_5, tick=False):
        client.force_login(user)  # sessions expire: log in on the travelled day
        response = client.get(URL, {"year": 2026, "export": fmt} | query)
    assert response.status_code == 200
    return response


def test_chinese_csv_has_people_columns_first_and_codes_at_the_end(client, year_2026):
    table = csv_table(export(client, year_2026["hr"], "csv", hall=year_2026["hall_a"].pk))
    head = table[0]
    assert head[: len(ZH_HEAD)] == ZH_HEAD
    assert head[len(HEADINGS) : len(HEADINGS) + 3] == ["staff_no", "hall_code", "post_code"]
    assert head[-len(MACHINE_FIELDS) :] == MACHINE_FIELDS and "工号" not in head
    a1 = by_staff_no(table)["A1"]
    assert (a1["姓名"], a1["营业厅"], a1["岗位"]) == (year_2026["staff_a1"].name, "甲营业厅", "综合受理")
    assert (a1["hall_code"], a1["post_code"]) == ("HA", "counter")
    assert (a1["周培训"], a1["weekly_status"]) == ("未完成", "missed")
    assert a1["周培训缺周数"] == f"缺 {len(a1['weekly_missed'].split(';'))} 周"
    assert (a1["年度培训"], a1["年度培训次数"], a1["annual_status"]) == ("未完成", "2/12", "missed")
    assert (a1["骨干培训"], a1["backbone_status"], a1["骨干培训缺月数"]) == ("不适用", "n/a", "")


def test_english_xlsx_reads_back_with_english_headings_and_the_same_codes(client, year_2026):
    english(year_2026["hr"])
    table = xlsx_table(export(client, year_2026["hr"], "xlsx", hall=year_2026["hall_a"].pk))
    head = list(table[0])
    assert head[: len(EN_HEAD)] == EN_HEAD and head[-len(MACHINE_FIELDS) :] == MACHINE_FIELDS
    assert not any("\u4e00" <= ch <= "\u9fff" for h in head for ch in str(h))
    a1 = by_staff_no(table)["A1"]
    assert (a1["Weekly training"], a1["weekly_status"], a1["Service hall"]) == ("Not done", "missed", "甲营业厅")
    assert (a1["Annual trainings done/required"], a1["Backbone staff training"]) == ("2/12", "Not applicable")
    assert a1["Weekly training: weeks missed"].endswith("weeks missed") and a1["Post"] != "综合受理"
    assert isinstance(a1["annual_count"], int) and a1["annual_count"] == 2


def test_an_hour_into_the_year_statuses_read_in_progress_and_due(client, org):
    with time_machine.travel(datetime.datetime(2026, 6, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        client.force_login(org["hr"])
        rows = by_staff_no(xlsx_table(client.get(URL, {"export": "xlsx"})))
        page = client.get(URL, {"hall": org["hall_a"].pk}).content.decode()
        matrix = client.get(reverse("compliance:hall_detail", args=["HA"])).content.decode()
    a1 = rows["A1"]
    assert (a1["年度培训"], a1["annual_status"], a1["年度培训次数"]) == ("进行中", "in_progress", "0/12")
    assert (a1["周培训"], a1["weekly_pending"]) == ("未完成", "2026-W23")
    assert 'class="status-badge status-info" data-status="in_progress"' in page
    assert 'class="status-badge status-bad" data-status="missed"' in page and "进行中" in page
    assert "0/12" in page and "缺 21 周" in page
    due = matrix[matrix.index('class="compliance-table due"') :]
    assert (
        '<span class="status-badge status-warn" data-status="pending"><span aria-hidden="true">…</span> 待完成' in due
    )


def test_headings_made_from_data_pass_cell_safe_too(client, org):
    make_program("EVL", name="=HYPERLINK(1)")
    table = csv_table(export(client, org["hr"], "csv"))
    assert "'=HYPERLINK(1)" in table[0] and "=HYPERLINK(1)" not in table[0]


def test_the_overview_page_and_the_matrix_show_the_same_labels(client, year_2026):
    with time_machine.travel(JAN_5, tick=False):
        client.force_login(year_2026["manager_a"].user)
        page = client.get(URL, {"year": 2026}).content.decode()
        matrix = client.get(reverse("compliance:hall_detail", args=["HA"]), {"year": 2026}).content.decode()
    assert '<span aria-hidden="true">✗</span> 未完成</span> <span class="status-count">缺' in page
    assert '<span class="status-count">2/12</span>' in page
    for label in ("已完成", "未完成", "待完成", "不适用"):
        assert f"</span> {label}</span>" in matrix  # the legend
    assert (
        '<span class="visually-hidden">未完成</span>' in matrix
        and '<span class="visually-hidden">已完成</span>' in matrix
    )


def test_a_filter_that_leaves_nobody_says_so(client, org):
    with time_machine.travel(MARCH, tick=False):
        client.force_login(org["hr"])
        page = client.get(URL, {"hall": org["hall_a"].pk, "missed": "backbone"})
    assert page.context["object_list"] == []
    assert "没有符合筛选条件的人员。请放宽筛选条件后再看。" in page.content.decode()
    english(org["hr"])
    with time_machine.travel(MARCH, tick=False):
        client.force_login(org["hr"])
        assert "Nobody matches these filters." in client.get(URL, {"missed": "backbone"}).content.decode()


def test_the_learner_progress_report_has_the_same_empty_state(client, org):
    client.force_login(org["hr"])
    page = client.get(reverse("courses_admin:progress"), {"hall": org["hall_b"].pk, "overdue": "on"})
    assert page.status_code == 200 and not page.context["object_list"]
    assert "没有符合筛选条件的人员。" in page.content.decode()


def test_a_hall_without_staff_shows_an_empty_matrix_message(client, org):
    empty = make_hall(code="HE", name="空营业厅")
    client.force_login(org["hr"])
    page = client.get(reverse("compliance:hall_detail", args=[empty.code]))
    text = page.content.decode()
    assert page.status_code == 200 and "该营业厅目前没有在册人员，矩阵为空。" in text and 'class="matrix' not in text


def test_quiz_statistics_without_hand_ins_in_scope_say_so(client, org):
    from tests.exams.utils import make_choice_questions, make_quiz

    quiz = make_quiz(make_choice_questions(2))
    client.force_login(org["manager_a"].user)
    text = client.get(reverse("exams_admin:stats", args=[quiz.pk])).content.decode()
    assert "您可查看的人员中还没有人交过这份测验，暂无统计。" in text and "quiz-stats" not in text


def test_quiz_statistics_scroll_in_their_own_box_with_headers_on_one_line(client, org):
    from exams.attempts import attempt_start, attempt_submit
    from tests.exams.utils import make_choice_questions, make_quiz

    quiz = make_quiz(make_choice_questions(2))
    now = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    attempt = attempt_start(staff=org["staff_a1"], quiz=quiz, now=now)
    attempt_submit(attempt_id=attempt.pk, staff=org["staff_a1"], now=now)
    client.force_login(org["manager_a"].user)
    text = client.get(reverse("exams_admin:stats", args=[quiz.pk])).content.decode()
    assert '<div class="w-overflow-x-auto quiz-stats-box"><table class="listing quiz-stats">' in text
    assert text.count('<th scope="col" class="w-whitespace-nowrap">') == 6 and "暂无统计" not in text


def test_the_pdf_records_rule_statuses_use_the_same_labels(org):
    from compliance.record_statuses import rule_statuses

    staff = Staff.objects.select_related("hall").get(pk=org["staff_a1"].pk)
    with time_machine.travel(JAN_5, tick=False):
        rows = rule_statuses([staff], start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))[staff.pk]
    labels = {r["rule"]: (r["status"], r["status_label"]) for r in rows}
    assert labels["weekly"] == ("missed", "未完成") and labels["backbone"] == ("n/a", "不适用")


def test_a_trainer_cannot_export_another_halls_people(client, org):
    other = make_staff(make_hall(code="HX", name="外厅"), staff_no="X1", user=None)
    client.force_login(org["trainer"])
    response = client.get(URL, {"hall": other.hall_id, "export": "xlsx"})
    assert response.status_code == 400 and b"X1" not in response.content
