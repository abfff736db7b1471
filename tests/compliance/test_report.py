"""培训合规总览, the admin report at /admin/compliance/report/: scope per role, filters, year, exports, the
old address's redirect and its query cost."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from people import roles
from tests.conftest import make_staff, make_user

URL = reverse("compliance_admin:report")


def login(client, user):
    client.force_login(user)
    return client


def at_local(*args):
    return datetime.datetime(*args, tzinfo=ZoneInfo("Asia/Shanghai"))


def listed(page) -> list[str]:
    return [row.staff.staff_no for row in page.context["object_list"]]


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def xlsx_rows(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))


def test_overview_drills_down_and_exports(client, org):
    c = login(client, org["hr"])
    page = c.get(URL)
    assert "甲营业厅" in page.content.decode() and "乙营业厅" in page.content.decode()
    page = c.get(URL, {"hall": org["hall_a"].pk})
    assert listed(page) == ["A1", "A2", "MA"]
    rows = csv_rows(c.get(URL, {"export": "csv"}))
    assert {"staff_no", "compliant"} <= set(rows[0]) and len(rows) == 5
    xlsx = xlsx_rows(c.get(URL, {"export": "xlsx", "hall": org["hall_b"].pk}))
    at = xlsx[0].index("staff_no")
    assert sorted(r[at] for r in xlsx[1:]) == ["B1", "MB"]


def test_the_report_is_in_the_reports_menu_and_linked_from_the_landing_page(client, org):
    c = login(client, org["manager_a"].user)
    assert f'href="{URL}"' in c.get(reverse("home:landing")).content.decode()
    assert URL in c.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("hr", ["A1", "A2", "MA", "B1", "MB"]), ("manager_a", ["A1", "A2", "MA"]), ("trainer", ["A1", "A2", "MA"])],
)
def test_each_role_sees_and_exports_only_its_scope(client, org, who, expected):
    user = org[who] if who in ("hr", "trainer") else org[who].user
    c = login(client, user)
    assert listed(c.get(URL)) == expected
    assert [r["staff_no"] for r in csv_rows(c.get(URL, {"export": "csv"}))] == expected


def test_a_trainer_of_a_second_hall_sees_both(client, org):
    org["hall_b"].trainers.add(org["trainer"])
    assert listed(login(client, org["trainer"]).get(URL)) == ["A1", "A2", "MA", "B1", "MB"]


def test_filter_choices_offer_only_the_users_halls_and_branches(client, org):
    form = login(client, org["manager_a"].user).get(URL).context["form"]
    assert list(form.fields["hall"].choices)[1:] == [(str(org["hall_a"].pk), "甲营业厅")]
    assert list(form.fields["branch"].choices)[1:] == [(str(org["hall_a"].branch.pk), org["hall_a"].branch.name)]


def test_another_halls_people_cannot_be_listed_or_exported(client, org):
    c = login(client, org["manager_a"].user)
    page = c.get(URL, {"hall": org["hall_b"].pk})
    assert page.context["form"].errors["hall"] and not {"B1", "MB"} & set(listed(page))
    for fmt in ("csv", "xlsx"):
        export = c.get(URL, {"hall": org["hall_b"].pk, "export": fmt})
        assert export.status_code == 400 and b"B1" not in export.content
    assert c.get(URL, {"branch": org["hall_b"].branch.pk, "export": "csv"}).status_code == 400


def test_plain_staff_are_refused_and_a_trainer_without_halls_gets_404(client, org):
    response = login(client, org["staff_a1"].user).get(URL, {"export": "csv"})
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response.url
    assert login(client, make_user("lonely", roles.TRAINER)).get(URL).status_code == 404


def test_the_old_address_redirects_with_its_query(client, org):
    c = login(client, org["manager_a"].user)
    response = c.get("/compliance/overview/?year=2026&hall=1&export=csv")
    assert response.status_code == 302 and response.url == f"{URL}?year=2026&hall=1&export=csv"
    assert c.get("/compliance/overview/").url == URL


def test_rule_filters_keep_the_people_who_missed(client, org):
    with time_machine.travel(at_local(2027, 1, 5, 9), tick=False):
        c = login(client, org["hr"])
        everyone = listed(c.get(URL, {"year": 2026}))
        missed = listed(c.get(URL, {"year": 2026, "missed": "annual"}))
        compliant_none = listed(c.get(URL, {"year": 2026, "only_missed": "on"}))
        backbone = listed(c.get(URL, {"year": 2026, "missed": "backbone"}))
    assert everyone == missed == compliant_none == ["A1", "A2", "MA", "B1", "MB"]
    assert backbone == []


@pytest.mark.parametrize("bad", ["abc", "2028", "1999"])
def test_a_bad_year_is_a_form_error_not_a_500(client, org, bad):
    with time_machine.travel(at_local(2027, 1, 5, 9), tick=False):
        c = login(client, org["hr"])
        page = c.get(URL, {"year": bad})
        assert page.status_code == 200 and page.context["year"] == 2027 and page.context["form"].errors["year"]
        export = c.get(URL, {"year": bad, "export": "csv"})
        assert export.status_code == 400 and b"staff_no" not in export.content


def test_overview_and_its_export_take_the_year(client, org):
    with time_machine.travel(at_local(2027, 1, 5, 9), tick=False):
        c = login(client, org["hr"])
        page = c.get(URL)
        assert "查看 2026 年度结果" in page.content.decode()
        page = c.get(URL, {"year": 2026, "hall": org["hall_a"].pk})
        export = c.get(URL, {"year": 2026, "export": "csv"})
        rows = csv_rows(export)
    assert "培训合规总览（2026 年）" in page.content.decode()
    assert [row.report.annual.status for row in page.context["object_list"]] == ["missed"] * 3
    assert {(r["annual_status"], r["annual_year"]) for r in rows} == {("missed", "2026")}
    assert "2026-W53" in rows[0]["weekly_missed"]
    assert 'filename="compliance-2026-2027-01-05.csv"' in export["Content-Disposition"]


def test_export_has_human_columns_then_the_machine_codes(client, org):
    with time_machine.travel(at_local(2027, 1, 5, 9), tick=False):
        rows = csv_rows(login(client, org["hr"]).get(URL, {"year": 2026, "hall": org["hall_a"].pk, "export": "csv"}))
    assert list(rows[0])[:6] == ["姓名", "营业厅", "岗位", "是否合规", "周培训", "周培训缺周数"]
    a1 = next(r for r in rows if r["staff_no"] == "A1")
    assert (a1["营业厅"], a1["hall_code"], a1["岗位"], a1["post_code"]) == ("甲营业厅", "HA", "综合受理", "counter")
    assert (a1["年度培训"], a1["annual_status"], a1["是否合规"], a1["compliant"]) == ("未完成", "missed", "否", "false")


def test_export_headings_follow_the_users_admin_language(client, org):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(org["hr"])
    profile.preferred_language = "en"
    profile.save()
    rows = csv_rows(login(client, org["hr"]).get(URL, {"export": "csv"}))
    assert list(rows[0])[:4] == ["Name", "Service hall", "Post", "Compliant"] and "staff_no" in rows[0]


def test_names_that_look_like_formulas_are_exported_as_text(client, org):
    make_staff(org["hall_a"], staff_no="F1", name='=HYPERLINK("http://x","y")', user=None)
    make_staff(org["hall_a"], staff_no="F2", name="@SUM(1)", user=None)
    c = login(client, org["hr"])
    by_no = {r["staff_no"]: r for r in csv_rows(c.get(URL, {"export": "csv", "hall": org["hall_a"].pk}))}
    assert (by_no["F1"]["姓名"], by_no["F2"]["姓名"]) == ('\'=HYPERLINK("http://x","y")', "'@SUM(1)")
    sheet = load_workbook(io.BytesIO(b"".join(c.get(URL, {"export": "xlsx"}).streaming_content))).active
    heads = [cell.value for cell in sheet[1]]
    cells = {row[heads.index("staff_no")].value: row for row in sheet.iter_rows(min_row=2)}
    name = cells["F1"][heads.index("姓名")]
    assert name.data_type == "s" and name.value == '\'=HYPERLINK("http://x","y")'
    assert cells["F2"][heads.index("姓名")].value == "'@SUM(1)"
    year = cells["F1"][heads.index("annual_year")]
    assert year.data_type == "n" and isinstance(year.value, int)


@pytest.mark.parametrize("count", [3, 30])
def test_report_costs_a_fixed_number_of_queries(client, org, django_assert_max_num_queries, count):
    for n in range(count):
        make_staff(org["hall_b"], staff_no=f"Q{n:02d}", user=None)
    c = login(client, org["hr"])
    c.get(URL)
    # SQLite 17, PostgreSQL 18 (facts reduced in SQL); one of them reads the active certification programs
    with django_assert_max_num_queries(18):
        assert len(c.get(URL).context["object_list"]) == min(count + 5, 50)
    with django_assert_max_num_queries(19):  # 15 + the audit entry (staff numbers, two FK checks, INSERT)
        assert len(csv_rows(c.get(URL, {"export": "csv"}))) == count + 5


def test_the_filters_refresh_the_results_fragment_in_the_same_scope(client, org):
    c = login(client, org["manager_a"].user)
    fragment = c.get(reverse("compliance_admin:report_results"), {"only_missed": "on", "_w_filter_fragment": 1})
    text = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in text and "甲营业厅" in text and "乙营业厅" not in text
    assert listed(fragment) == ["A1", "A2", "MA"]


def test_an_unticked_checkbox_is_no_active_filter_and_a_ticked_one_says_yes(client, org):
    c = login(client, org["hr"])
    page = c.get(URL)
    assert [f.value for f in page.context["view"].active_filters] == []
    ticked = c.get(URL, {"only_missed": "on"})
    assert [(str(f.field_label), str(f.value)) for f in ticked.context["view"].active_filters] == [
        ("只看不合规人员", "是")
    ]
