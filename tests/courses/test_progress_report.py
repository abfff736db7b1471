"""学员学习进度, the admin report at /admin/courses/progress/: scope, figures, quiz grades, overdue, queries,
exports, the old address's redirect."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.models import LessonProgress, ModuleAssignment
from exams.models import Attempt
from people import roles
from tests.conftest import make_staff, make_user
from tests.courses.conftest import make_lesson, make_module
from tests.exams.utils import make_quiz

URL = reverse("courses_admin:progress")


def assign(staff, module, *, due_on=None):
    return ModuleAssignment.objects.create(staff=staff, module=module, due_on=due_on, source="manual")


def complete(staff, lesson, *, days_ago=1):
    at = timezone.now() - datetime.timedelta(days=days_ago)
    return LessonProgress.objects.create(staff=staff, lesson=lesson, started_at=at, completed_at=at)


def finish(staff, quiz, score, number=1):
    now = timezone.now()
    return Attempt.objects.create(
        staff=staff, quiz=quiz, number=number, state="finished", started_at=now, finished_at=now, score=score
    )


def page(client, user, query=""):
    client.force_login(user)
    return client.get(URL + query)


def people_on(response) -> set[str]:
    """Staff numbers listed on the page (checked against the HTML too)."""
    found = {person.staff_no for person, _rows in response.context["object_list"]}
    text = response.content.decode()
    assert all(f'<span class="person-meta">{no} ·' in text for no in found)
    return found


@pytest.fixture
def assigned(org, course):
    """Everybody in both halls has the complaint module, due yesterday; the module has a quiz."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for key in ("manager_a", "staff_a1", "staff_a2", "manager_b", "staff_b1"):
        assign(org[key], course["module"], due_on=yesterday)
    quiz = make_quiz(title="投诉处理测验", source_key="module:complaint", pass_mark=80)
    return {"quiz": quiz, "yesterday": yesterday}


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("wagtailadmin_login") in response.url


def test_staff_without_a_managing_role_are_refused(client, org, assigned):
    for query in ("", "?export=csv"):
        response = page(client, org["staff_a1"].user, query)
        assert response.status_code == 302 and reverse("wagtailadmin_login") in response.url


def test_an_organiser_without_halls_gets_404(client, org, assigned):
    assert page(client, make_user("lonely", roles.TRAINER)).status_code == 404
    assert page(client, make_user("lonely-manager", roles.HALL_MANAGER), "?export=csv").status_code == 404


def test_the_old_address_redirects_with_its_query(client, org):
    client.force_login(org["manager_a"].user)
    response = client.get("/courses/progress/?overdue=on&export=csv")
    assert response.status_code == 302 and response.url == f"{URL}?overdue=on&export=csv"


def test_hall_manager_sees_only_their_hall(client, org, assigned):
    response = page(client, org["manager_a"].user)
    assert response.status_code == 200
    assert people_on(response) == {"MA", "A1", "A2"}


def test_trainer_sees_only_the_halls_they_train(client, org, course, assigned):
    assign(make_staff(org["hall_b"], staff_no="X1"), course["module"])
    assert people_on(page(client, org["trainer"])) == {"MA", "A1", "A2"}
    org["hall_b"].trainers.add(org["trainer"])
    assert people_on(page(client, org["trainer"])) == {"MA", "A1", "A2", "MB", "B1", "X1"}


def test_hr_sees_everyone_and_can_filter_by_hall(client, org, assigned):
    assert people_on(page(client, org["hr"])) == {"MA", "A1", "A2", "MB", "B1"}
    assert people_on(page(client, org["hr"], f"?hall={org['hall_b'].pk}")) == {"MB", "B1"}


def test_a_manager_cannot_widen_the_scope_with_another_halls_filter(client, org, assigned):
    response = page(client, org["manager_a"].user, f"?hall={org['hall_b'].pk}")
    assert response.status_code == 200 and "MB" not in people_on(response) and "B1" not in people_on(response)
    assert list(response.context["filters"].form.fields["hall"].choices)[1:] == [(str(org["hall_a"].pk), "甲营业厅")]
    export = page(client, org["manager_a"].user, f"?hall={org['hall_b'].pk}&export=csv")
    assert export.status_code == 400 and b"B1" not in export.content


def test_people_who_have_left_are_not_listed(client, org, assigned):
    org["staff_a2"].left_on = timezone.localdate() - datetime.timedelta(days=3)
    org["staff_a2"].save()
    assert people_on(page(client, org["manager_a"].user)) == {"MA", "A1"}


def test_figures_come_from_lesson_progress_and_assignments(client, org, course, assigned):
    first, second = course["lessons"]
    complete(org["staff_a1"], first, days_ago=3)
    complete(org["staff_a1"], second, days_ago=2)
    complete(org["staff_a2"], first)
    LessonProgress.objects.create(staff=org["manager_a"], lesson=second, started_at=timezone.now())  # not finished
    finish(org["staff_a1"], assigned["quiz"], 70, number=1)
    finish(org["staff_a1"], assigned["quiz"], 85, number=2)  # highest counts
    finish(org["staff_a2"], assigned["quiz"], 50)
    by_no = {p.staff_no: mine[0] for p, mine in page(client, org["manager_a"].user).context["object_list"]}
    a1, a2, ma = by_no["A1"], by_no["A2"], by_no["MA"]
    assert (a1.done, a1.total, a1.complete, a1.overdue) == (2, 2, True, False)
    assert timezone.localtime(a1.completed_at).date() == timezone.localdate() - datetime.timedelta(days=2)
    assert (a2.done, a2.complete, a2.overdue) == (1, False, True)
    assert (ma.done, ma.overdue, ma.quiz.grade) == (0, True, None)
    assert (a1.quiz.grade, a1.quiz.passed, a2.quiz.grade, a2.quiz.passed) == (85.0, True, 50.0, False)


def test_page_shows_progress_due_date_overdue_grade_and_summary(client, org, course, assigned):
    first, second = course["lessons"]
    complete(org["staff_a1"], first)
    complete(org["staff_a1"], second)
    finish(org["staff_a1"], assigned["quiz"], 90)
    response = page(client, org["manager_a"].user)
    text = response.content.decode()
    assert "2/2 课" in text and "0/2 课" in text and "已逾期" in text and assigned["yesterday"].isoformat() in text
    assert "90 通过" in text
    (summary,) = response.context["summaries"]
    assert (summary.assigned, summary.completed, summary.overdue, summary.quiz_taken, summary.quiz_passed) == (
        3,
        1,
        2,
        1,
        1,
    )


def test_only_overdue_filter_keeps_people_with_an_overdue_module(client, org, course, assigned):
    for lesson in course["lessons"]:
        complete(org["staff_a1"], lesson)
    assert people_on(page(client, org["manager_a"].user, "?overdue=on")) == {"MA", "A2"}


def test_module_filter_and_modules_without_quiz(client, org, course, assigned):
    other = make_module(title="服务礼仪", slug="etiquette", code="LY-01", category="etiquette")
    make_lesson(other, title="微笑", slug="smile")
    assign(org["staff_a1"], other)
    response = page(client, org["manager_a"].user, f"?module={other.pk}")
    (summary,) = response.context["summaries"]
    assert (summary.module_code, summary.assigned, summary.has_quiz) == ("LY-01", 1, False)
    assert people_on(response) == {"A1"} and "无测验" in response.content.decode()


def test_csv_has_the_same_rows_in_the_same_scope(client, org, course, assigned):
    for lesson in course["lessons"]:
        complete(org["staff_a1"], lesson)
    finish(org["staff_a1"], assigned["quiz"], 80)
    rows = csv_rows(page(client, org["manager_a"].user, "?export=csv"))
    assert sorted(r["staff_no"] for r in rows) == ["A1", "A2", "MA"]
    a1 = next(r for r in rows if r["staff_no"] == "A1")
    assert (a1["lessons_done"], a1["lessons_total"], a1["overdue"], a1["quiz_grade"], a1["quiz_passed"]) == (
        "2",
        "2",
        "false",
        "80",
        "true",
    )
    assert a1["completed_on"] == timezone.localtime(timezone.now() - datetime.timedelta(days=1)).date().isoformat()


def test_landing_page_links_the_report_for_managing_roles_only(client, org):
    client.force_login(org["manager_a"].user)
    assert URL in client.get(reverse("home:landing")).content.decode()
    client.force_login(org["staff_a1"].user)
    assert URL not in client.get(reverse("home:landing")).content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_report_costs_a_fixed_number_of_queries_whatever_the_number_of_people(
    client, db, course, django_assert_max_num_queries, count
):
    hr = make_user("hr-queries", roles.HR)
    quiz = make_quiz(title="投诉处理测验", source_key="module:complaint")
    first = course["lessons"][0]
    hall = None
    for n in range(count):
        person = make_staff(hall)
        hall = person.hall
        assign(person, course["module"], due_on=timezone.localdate())
        complete(person, first)
        finish(person, quiz, 60 + n)
    client.force_login(hr)
    client.get(URL)
    with django_assert_max_num_queries(17):
        response = client.get(URL)
    assert len(response.context["object_list"]) == count
    with django_assert_max_num_queries(11):
        assert len(csv_rows(client.get(URL + "?export=csv"))) == count


def test_people_are_paged_and_the_filters_kept_in_the_page_links(client, org, assigned, monkeypatch):
    monkeypatch.setattr("courses.reports.ProgressReportView.paginate_by", 2)
    first = page(client, org["hr"], "?overdue=on")
    assert people_on(first) == {"A1", "A2"} and "overdue=on&amp;p=2" in first.content.decode()
    assert people_on(page(client, org["hr"], "?overdue=on&p=3")) == {"MB"}


def test_export_has_human_columns_then_the_machine_codes_in_csv_and_xlsx(client, org, course, assigned):
    finish(org["staff_a1"], assigned["quiz"], 90)
    rows = csv_rows(page(client, org["manager_a"].user, "?export=csv"))
    assert list(rows[0])[:5] == ["工号", "姓名", "营业厅", "课程模块", "课时进度"]
    a1 = next(r for r in rows if r["staff_no"] == "A1")
    assert (a1["工号"], a1["营业厅"], a1["hall_code"], a1["是否逾期"], a1["overdue"]) == (
        "A1",
        "甲营业厅",
        "HA",
        "是",
        "true",
    )
    assert (a1["测验是否通过"], a1["quiz_passed"], a1["lessons_done"]) == ("是", "true", "0")
    xlsx = page(client, org["manager_a"].user, "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    heads = [c.value for c in sheet[1]]
    a1 = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[heads.index("staff_no")] == "A1")
    assert a1[heads.index("测验成绩")] == 90 and a1[heads.index("lessons_total")] == 2


def test_names_that_look_like_formulas_are_exported_as_text(client, org, course, assigned):
    for no, name in (("F1", '=HYPERLINK("http://x","y")'), ("F2", "@SUM(1)"), ("F3", "-1+2")):
        assign(make_staff(org["hall_a"], staff_no=no, name=name, user=None), course["module"])
    by_no = {r["staff_no"]: r for r in csv_rows(page(client, org["hr"], "?export=csv"))}
    assert [by_no[no]["name"] for no in ("F1", "F2", "F3")] == ['\'=HYPERLINK("http://x","y")', "'@SUM(1)", "'-1+2"]
    sheet = load_workbook(io.BytesIO(b"".join(page(client, org["hr"], "?export=xlsx").streaming_content))).active
    heads = [c.value for c in sheet[1]]
    cells = {r[heads.index("staff_no")].value: r[heads.index("姓名")] for r in sheet.iter_rows(min_row=2)}
    assert cells["F1"].data_type == "s" and cells["F1"].value == '\'=HYPERLINK("http://x","y")'
    assert cells["F2"].value == "'@SUM(1)"
