"""Pages: my training, check-in, hall matrix, sessions and the sign-in sheet (scoped); the overview report is\nin ``test_report.py``."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from wagtail import hooks

from compliance.models import ComplianceSettings
from compliance.rules import Thresholds
from evidence.models import Launch, LaunchAssignment
from lms.panels import MY_TRAINING, PANELS
from notices.models import Notification
from people.models import Leave, LeaveKind, StaffChange
from tests.conftest import make_staff


def login(client, user):
    client.force_login(user)
    return client


def test_my_training_shows_the_persons_status(client, org):
    page = login(client, org["staff_a1"].user).get(reverse("compliance:my_training"), follow=True)
    assert page.redirect_chain == [(reverse("home:my_training"), 302)]
    text = page.content.decode()
    assert page.status_code == 200 and "培训完成情况" in text and "/ 12" in text
    assert text.count("<h1>我的培训</h1>") == 1 and 'action="/compliance/checkin/"' in text


def test_my_training_is_one_page_with_check_in_status_quizzes_and_notices(client, org, running):
    text = login(client, org["staff_a1"].user).get(reverse("home:my_training")).content.decode()
    order = [text.index(h) for h in ("培训现场显示的签到码", "培训完成情况", "待参加的培训", "通知")]
    assert order == sorted(order)
    assert "培训通知：投诉处理" in text and "全部标为已读" in text


def test_hr_without_a_staff_profile_sees_only_notices_on_my_training(client, org):
    text = login(client, org["hr"]).get(reverse("home:my_training")).content.decode()
    assert "培训现场显示的签到码" not in text and "培训完成情况" not in text and "暂无通知" in text


def test_hall_manager_sees_the_matrix_of_their_hall_only(client, org, django_assert_max_num_queries):
    c = login(client, org["manager_a"].user)
    page = c.get(reverse("compliance:hall"), follow=True)
    assert page.status_code == 200 and org["hall_a"].name in page.content.decode()
    assert c.get(reverse("compliance:hall_detail", args=["HB"])).status_code == 404
    for n in range(20):
        make_staff(org["hall_a"], user=None, staff_no=f"X{n}")
    with django_assert_max_num_queries(25):
        assert c.get(reverse("compliance:hall_detail", args=["HA"])).status_code == 200


def test_plain_staff_has_no_hall_matrix_or_sessions(client, org):
    c = login(client, org["staff_a1"].user)
    assert c.get(reverse("compliance:hall")).status_code == 404
    assert c.get(reverse("trainings:sessions")).status_code == 404


def test_status_section_is_registered_for_my_training_and_the_landing_page(client, org, rf):
    request = rf.get("/")
    request.user = org["staff_a1"].user
    sections = [fn(request, page=MY_TRAINING) for fn in hooks.get_hooks(PANELS)]
    assert any(s and s.template == "compliance/section.html" for s in sections)
    client = login(client, org["staff_a1"].user)
    for url in (reverse("home:landing"), reverse("home:my_training")):
        page = client.get(url).content.decode()
        assert "培训完成情况" in page and "年度培训" in page  # the summary itself, not only the heading


def test_creating_a_launch_in_the_admin_announces_it(client, org):
    c = login(client, org["hr"])
    page = c.post(
        "/admin/compliance/launches/new/",
        {
            "code": "IPTV",
            "name": "IPTV 新套餐",
            "description": "",
            "announced_at": "2026-03-06 10:00",
            "halls": [org["hall_b"].pk],
            "quiz_ref": "",
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    launch = Launch.objects.get(code="IPTV")
    assert set(LaunchAssignment.objects.filter(launch=launch).values_list("staff__staff_no", flat=True)) == {"MB", "B1"}
    data = {
        "code": "IPTV",
        "name": "IPTV 新套餐",
        "description": "",
        "announced_at": "2026-03-06 10:00",
        "quiz_ref": "",
    }
    c.post(f"/admin/compliance/launches/edit/{launch.pk}/", data | {"halls": [org["hall_a"].pk, org["hall_b"].pk]})
    assert LaunchAssignment.objects.filter(launch=launch).count() == 5
    assert Notification.objects.filter(key="launch:IPTV").count() == 5


def test_hr_edits_the_thresholds_in_the_admin(client, org):
    c = login(client, org["hr"])
    page = c.get("/admin/settings/compliance/compliancesettings/", follow=True)
    assert page.status_code == 200
    values = {"annual_required": 10, "centralized_required": 3, "onboarding_days": 5, "new_service_hours": 24}
    c.post(page.redirect_chain[-1][0] if page.redirect_chain else page.request["PATH_INFO"], values)
    assert ComplianceSettings.load().thresholds() == Thresholds(10, 3, 5, 24)


def test_staff_cannot_edit_the_thresholds(client, org):
    page = login(client, org["manager_a"].user).get("/admin/settings/compliance/compliancesettings/", follow=True)
    assert "annual_required" not in page.content.decode()


def at_local(*args):
    return datetime.datetime(*args, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_hall_matrix_in_january_offers_the_year_just_closed_and_judges_its_last_week(client, org):
    url = reverse("compliance:hall_detail", args=["HA"])
    with time_machine.travel(at_local(2027, 1, 5, 9), tick=False):
        c = login(client, org["manager_a"].user)  # sessions expire: log in on the travelled day
        page = c.get(url)
        assert page.context["year"] == 2027 and "查看 2026 年度结果" in page.content.decode()
        closed = c.get(url, {"year": 2026})
    text = closed.content.decode()
    assert closed.context["year"] == 2026 and closed.context["weeks"][-1] == "2026-W53"
    assert "2026 年培训矩阵" in text and "查看 2026 年度结果" not in text
    a1 = next(r for r in closed.context["rows"] if r["staff"].staff_no == "A1")
    assert a1["cells"][-1].code == "missed" and a1["report"].annual.status == "missed"
    chooser = text[text.index('action="/records/hall-reports/"') :]
    chooser = chooser[: chooser.index("</form>")]  # the hall report's period chooser, set to this hall and year
    assert 'name="hall" value="HA"' in chooser and 'name="year" value="2026"' in chooser


@pytest.mark.parametrize("bad", ["abc", "2028", "1999"])
def test_a_bad_year_on_the_matrix_is_a_form_error_not_a_500(client, org, bad):
    with time_machine.travel(at_local(2027, 1, 5, 9), tick=False):
        c = login(client, org["hr"])
        page = c.get(reverse("compliance:hall_detail", args=["HA"]), {"year": bad})
        assert page.status_code == 200 and page.context["year"] == 2027 and page.context["form"].errors["year"]


def test_hall_weeks_count_a_mover_for_the_hall_of_each_monday(client, org):
    mover = make_staff(org["hall_a"], staff_no="MV", user=None)
    StaffChange.objects.create(staff=mover, effective_on=mover.hired_on, hall=org["hall_b"], post=mover.post)
    StaffChange.objects.create(staff=mover, effective_on=datetime.date(2026, 6, 1), hall=org["hall_a"], post=mover.post)
    with time_machine.travel(at_local(2026, 7, 1, 9), tick=False):
        c = login(client, org["hr"])
        hb = c.get(reverse("compliance:hall_detail", args=["HB"])).context
        ha = c.get(reverse("compliance:hall_detail", args=["HA"])).context
    assert [r["staff"].staff_no for r in hb["rows"]] == ["B1", "MB"]
    assert "MV" in [r["staff"].staff_no for r in ha["rows"]]
    hb_weeks = {h.week: h.required for h in hb["hall_weeks"]}
    ha_weeks = {h.week: h.required for h in ha["hall_weeks"]}
    assert (hb_weeks["2026-W21"], hb_weeks["2026-W23"]) == (3, 2)
    assert (ha_weeks["2026-W21"], ha_weeks["2026-W23"]) == (3, 4)


def test_my_status_on_new_years_day_is_the_closing_years_last_week(client, org):
    with time_machine.travel(at_local(2027, 1, 2, 9), tick=False):
        c = login(client, org["staff_a1"].user)
        text = c.get(reverse("home:my_training")).content.decode()
    assert "本周：2026-12-28 至 01-03" in text and "本周待完成（周日 24:00 前）" in text and "2026 年度培训" in text
    assert "2026 年此前缺 51 周" in text  # hired in 2020, no training: all 51 earlier weeks of 2026


@pytest.mark.parametrize("n", [3, 30])
def test_hall_matrix_queries_do_not_grow_with_leave_and_history(client, org, django_assert_max_num_queries, n):
    for i in range(n):
        s = make_staff(org["hall_a"], user=None, staff_no=f"Y{i}")
        StaffChange.objects.create(staff=s, effective_on=s.hired_on, hall=org["hall_b"], post=s.post)
        StaffChange.objects.create(staff=s, effective_on=datetime.date(2026, 3, 2), hall=org["hall_a"], post=s.post)
        Leave.objects.create(
            staff=s, kind=LeaveKind.SICK, start=datetime.date(2026, 4, 1), end=datetime.date(2026, 4, 3)
        )
    c = login(client, org["hr"])
    with django_assert_max_num_queries(25):
        page = c.get(reverse("compliance:hall_detail", args=["HA"]), {"year": 2026})
    assert page.status_code == 200 and len(page.context["rows"]) == n + 3
