"""A hall manager's two tasks by clicking: the hall report with a period chooser (matrix, overview, landing
page), and signing appraisals from the landing page's 待签署 list; each scoped on the server."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from people import audit
from records.forms import PeriodForm
from records.models import Appraisal, AppraisalStatus, Rating

CHOOSER = reverse("records:hall_reports")
LANDING = reverse("home:landing")


def user_of(org, who):
    return org[who] if who in ("hr", "trainer") else org[who].user


@pytest.fixture
def draft(org):
    return Appraisal.objects.create(
        staff=org["staff_a1"],
        trainer=org["trainer"],
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 5, 31),
        text="该学员服务礼仪规范，业务办理熟练。",
        rating=Rating.GOOD,
    )


# The period


@pytest.mark.parametrize(
    ("query", "bounds"),
    [
        ({"year": "2026", "part": "q2"}, ("2026-04-01", "2026-06-30")),
        ({"year": "2025", "part": "m02"}, ("2025-02-01", "2025-02-28")),
        ({"year": "2026"}, ("2026-01-01", "2026-12-31")),
        ({"month": "2026-03"}, ("2026-03-01", "2026-03-31")),
        ({"start": "2026-01-05", "end": "2026-02-10"}, ("2026-01-05", "2026-02-10")),
    ],
)
def test_a_period_is_a_year_a_quarter_a_month_or_two_dates(query, bounds):
    form = PeriodForm(query)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["start"].isoformat(), form.cleaned_data["end"].isoformat()) == bounds


@pytest.mark.parametrize(
    "query",
    [
        {"year": "2026", "part": "q2", "start": "2026-01-01", "end": "2026-01-31"},
        {"month": "2026-03", "part": "q1"},
        {"year": "2026", "part": "q5"},
        {"start": "2026-02-01", "end": "2026-01-01"},
    ],
)
def test_two_periods_at_once_or_a_bad_one_is_a_form_error(query):
    assert not PeriodForm(query).is_valid()


# The chooser and its scope


@pytest.mark.parametrize(
    ("who", "hall", "status"),
    [
        ("manager_a", "HA", 200),
        ("manager_a", "HB", 404),
        ("trainer", "HA", 200),
        ("trainer", "HB", 404),
        ("hr", "HB", 200),
        ("staff_a1", "HA", 404),
    ],
)
def test_the_chooser_offers_only_the_users_halls(client, org, who, hall, status):
    client.force_login(user_of(org, who))
    response = client.get(CHOOSER, {"hall": hall, "year": "2026", "part": "q2"})
    assert response.status_code == status
    if status == 200:
        link = reverse("records:hall_report", args=[hall]) + "?year=2026&amp;part=q2"
        assert link in response.content.decode()


def test_the_chooser_without_a_hall_shows_the_form_and_no_link(client, org):
    client.force_login(org["hr"])
    page = client.get(CHOOSER).content.decode()
    assert 'name="part"' in page and "甲营业厅" in page and "乙营业厅" in page
    assert "/records/halls/" not in page
    client.force_login(org["staff_a1"].user)
    assert client.get(CHOOSER).status_code == 404


def test_a_bad_period_on_the_chooser_says_why_and_offers_no_download(client, org):
    client.force_login(org["manager_a"].user)
    response = client.get(CHOOSER, {"hall": "HA", "year": "2026", "part": "q1", "start": "2026-01-01"})
    text = response.content.decode()
    assert response.status_code == 200 and "请只选择一种期间" in text and "/records/halls/HA/report/" not in text


def test_a_bad_period_on_the_download_is_a_400_page_with_the_chooser(client, org):
    client.force_login(org["manager_a"].user)
    response = client.get(reverse("records:hall_report", args=["HA"]), {"year": "2026", "part": "q9"})
    text = response.content.decode()
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert 'class="errorlist' in text and 'action="/records/hall-reports/"' in text
    response = client.get(reverse("records:hall_report", args=["HA"]), {"month": "2026-13"})
    assert response.status_code == 400 and "月份：" in response.content.decode()


def test_a_quarter_downloads_as_that_quarters_pdf(client, org):
    client.force_login(org["trainer"])
    response = client.get(reverse("records:hall_report", args=["HA"]), {"year": "2026", "part": "q3"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "hall_HA_20260701-20260930.pdf" in response["Content-Disposition"]


# The links


def test_the_matrix_the_overview_and_the_landing_page_lead_to_the_chooser(client, org):
    client.force_login(org["manager_a"].user)
    matrix = client.get(reverse("compliance:hall_detail", args=["HA"]), {"year": 2026}).content.decode()
    assert 'action="/records/hall-reports/"' in matrix and 'name="hall" value="HA"' in matrix
    landing = client.get(LANDING).content.decode()
    assert "营业厅培训报告" in landing and 'name="hall" value="HA"' in landing
    client.force_login(org["hr"])
    overview = client.get(reverse("compliance_admin:report"), {"year": 2026}).content.decode()
    for code in ("HA", "HB"):
        assert f"/records/hall-reports/?hall={code}&amp;year=2026" in overview
    landing = client.get(LANDING).content.decode()
    assert '<option value="HB">' in landing  # HR picks the hall


def test_plain_staff_get_no_hall_report_or_signing_panel(client, org, draft):
    client.force_login(org["staff_a2"].user)
    landing = client.get(LANDING).content.decode()
    assert "营业厅培训报告" not in landing and "待签署" not in landing


# Signing


def test_the_managers_landing_page_lists_the_drafts_of_their_hall_with_a_count(client, org, draft):
    client.force_login(org["manager_a"].user)
    landing = client.get(LANDING).content.decode()
    detail = reverse("records_admin:appraisal_detail", args=[draft.pk])
    assert "待签署（1）" in landing and f'href="{detail}?next=/me/"' in landing
    client.force_login(org["manager_b"].user)
    landing = client.get(LANDING).content.decode()
    assert "待签署（0）" in landing and detail not in landing
    client.force_login(org["trainer"])
    assert "待签署" not in client.get(LANDING).content.decode()


def test_the_manager_signs_from_the_list_and_it_leaves_the_list_audited(client, org, draft):
    client.force_login(org["manager_a"].user)
    detail = client.get(reverse("records_admin:appraisal_detail", args=[draft.pk]), {"next": LANDING})
    text = detail.content.decode()
    assert "该学员服务礼仪规范" in text and "<textarea" not in text  # the trainer's text, read-only
    assert reverse("records_appraisals:edit", args=[draft.pk]) not in text  # no 编辑 for the manager
    response = client.post(reverse("records_admin:appraisal_sign", args=[draft.pk]), {"next": LANDING})
    assert response.status_code == 302 and response["Location"] == LANDING
    draft.refresh_from_db()
    assert draft.status == AppraisalStatus.SIGNED and draft.signed_by == org["manager_a"].user
    landing = client.get(LANDING).content.decode()
    assert "已签署" in landing and "待签署（0）" in landing
    entry = ModelLogEntry.objects.get(action=audit.APPRAISAL_SIGN)
    assert entry.user == org["manager_a"].user and entry.data["staff_nos"] == ["A1"]


def test_signing_twice_is_refused_with_a_message_and_changes_nothing(client, org, draft):
    client.force_login(org["manager_a"].user)
    url = reverse("records_admin:appraisal_sign", args=[draft.pk])
    client.post(url)
    first = Appraisal.objects.get(pk=draft.pk).signed_at
    response = client.post(url, {"next": LANDING}, follow=True)
    assert "不能再次签署" in response.content.decode()
    assert Appraisal.objects.get(pk=draft.pk).signed_at == first
    assert ModelLogEntry.objects.filter(action=audit.APPRAISAL_SIGN).count() == 1


@pytest.mark.parametrize(
    ("who", "status"), [("trainer", 403), ("hr", 403), ("manager_b", 404), ("staff_a2", 302)], ids=str
)
def test_only_the_halls_manager_may_sign(client, org, draft, who, status):
    client.force_login(user_of(org, who))
    response = client.post(reverse("records_admin:appraisal_sign", args=[draft.pk]))
    assert response.status_code == status
    if status == 302:  # no admin access at all: Wagtail sends plain staff to its login page
        assert response["Location"].startswith("/admin/login/")
    assert Appraisal.objects.get(pk=draft.pk).status == AppraisalStatus.DRAFT


def test_signing_returns_only_to_a_page_of_this_site(client, org, draft):
    client.force_login(org["manager_a"].user)
    response = client.post(reverse("records_admin:appraisal_sign", args=[draft.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("records_admin:appraisal_detail", args=[draft.pk])


def test_the_admin_list_links_rows_to_signing_for_managers_and_to_editing_for_trainers(client, org, draft):
    index, edit = reverse("records_appraisals:index"), reverse("records_appraisals:edit", args=[draft.pk])
    detail = reverse("records_admin:appraisal_detail", args=[draft.pk])
    client.force_login(org["manager_a"].user)
    page = client.get(index).content.decode()
    assert f'href="{detail}"' in page and edit not in page and "签署" in page
    client.force_login(org["hr"])
    page = client.get(index).content.decode()
    assert f'href="{detail}"' in page and edit not in page
    client.force_login(org["trainer"])
    page = client.get(index).content.decode()
    assert f'href="{edit}"' in page
    assert edit in client.get(detail).content.decode()  # the trainer may edit the draft
