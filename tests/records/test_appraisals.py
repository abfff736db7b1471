"""Appraisals: sign-off only by the trainee's hall manager, signed versions immutable, PDF names its version."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from records.documents import appraisal_spec
from records.models import Appraisal, AppraisalItem, AppraisalStatus, Rating, SkillCategory
from records.services import appraisal_revise, appraisal_sign, document_render

from .conftest import add_event
from .helpers import needs_poppler, pdf_fonts, pdf_text


@pytest.fixture
def appraisal(org):
    staff = org["staff_a1"]
    staff.name = "李小龙"
    staff.save()
    a = Appraisal.objects.create(
        staff=staff,
        trainer=org["trainer"],
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 5, 31),
        sessions_planned=12,
        sessions_attended=11,
        text="该学员学习认真，服务礼仪规范，投诉处理能力有待提高。",
        rating=Rating.GOOD,
    )
    AppraisalItem.objects.create(appraisal=a, item="综合受理业务办理", category=SkillCategory.BUSINESS, done=True)
    AppraisalItem.objects.create(appraisal=a, item="首问负责制", category=SkillCategory.SERVICE, done=False)
    for day, score in ((3, 71), (4, 84.5), (5, 93)):
        add_event(staff, datetime.date(2026, day, 10), topic=f"月考{day}", score=score)
    return a


def test_only_the_hall_manager_of_the_trainees_hall_may_sign(org, appraisal):
    for outsider in (org["manager_b"].user, org["trainer"], org["hr"], org["staff_a2"].user):
        with pytest.raises(PermissionDenied):
            appraisal_sign(appraisal_id=appraisal.pk, user=outsider)
    signed = appraisal_sign(appraisal_id=appraisal.pk, user=org["manager_a"].user)
    assert signed.status == AppraisalStatus.SIGNED and signed.signed_by == org["manager_a"].user


def test_a_signed_appraisal_cannot_be_signed_again(org, appraisal):
    appraisal_sign(appraisal_id=appraisal.pk, user=org["manager_a"].user)
    with pytest.raises(ValidationError):
        appraisal_sign(appraisal_id=appraisal.pk, user=org["manager_a"].user)


def test_revising_a_signed_appraisal_makes_a_new_draft_version_and_keeps_the_old(org, appraisal):
    appraisal_sign(appraisal_id=appraisal.pk, user=org["manager_a"].user)
    new = appraisal_revise(appraisal_id=appraisal.pk)
    old = Appraisal.objects.get(pk=appraisal.pk)
    assert (new.version, new.status, new.signed_by) == (2, AppraisalStatus.DRAFT, None)
    assert new.series == old.series and old.status == AppraisalStatus.SIGNED
    assert [i.item for i in new.items.all()] == [i.item for i in old.items.all()]


def test_drafts_are_edited_in_place_not_revised(appraisal):
    with pytest.raises(ValidationError):
        appraisal_revise(appraisal_id=appraisal.pk)


@needs_poppler
def test_appraisal_pdf_names_version_scores_items_and_signature(org, appraisal):
    appraisal_sign(appraisal_id=appraisal.pk, user=org["manager_a"].user)
    appraisal.refresh_from_db()
    pdf = document_render(appraisal_spec(appraisal)).file_path.read_bytes()
    text = pdf_text(pdf)
    for expected in (
        "学员综合评定",
        "李小龙",
        "v1",
        "综合受理业务办理",
        "首问负责制",
        "84.5",
        "93",
        "良好",
        "11 / 12",
        "已签署",
    ):
        assert expected in text
    assert all(" yes yes " in row for row in pdf_fonts(pdf))


def test_appraisal_chart_is_inline_svg(appraisal):
    svg = appraisal_spec(appraisal).extra_context["chart_svg"]
    assert svg.startswith("<svg") and svg.count("<circle") == 3


def test_admin_edit_of_signed_appraisal_redirects_and_changes_nothing(client, org, appraisal):
    appraisal_sign(appraisal_id=appraisal.pk, user=org["manager_a"].user)
    client.force_login(org["trainer"])
    url = reverse("records_appraisals:edit", args=[appraisal.pk])
    response = client.post(url, {"text": "改过了"})
    assert response.status_code == 302
    assert response["Location"] == reverse("records_admin:appraisal_detail", args=[appraisal.pk])
    appraisal.refresh_from_db()
    assert appraisal.text.startswith("该学员")


def test_admin_sign_view_checks_the_hall_on_the_server(client, org, appraisal):
    url = reverse("records_admin:appraisal_sign", args=[appraisal.pk])
    client.force_login(org["manager_b"].user)
    assert client.post(url).status_code == 404  # manager of another hall cannot even see it
    client.force_login(org["trainer"])
    assert client.post(url).status_code in (302, 403)  # Wagtail turns PermissionDenied into a redirect
    appraisal.refresh_from_db()
    assert appraisal.status == AppraisalStatus.DRAFT
    client.force_login(org["manager_a"].user)
    assert client.post(url).status_code == 302
    appraisal.refresh_from_db()
    assert appraisal.status == AppraisalStatus.SIGNED


def test_admin_lists_only_visible_appraisals(client, org, appraisal):
    client.force_login(org["manager_b"].user)
    assert "李小龙" not in client.get(reverse("records_appraisals:index")).content.decode()
    client.force_login(org["manager_a"].user)
    assert "李小龙" in client.get(reverse("records_appraisals:index")).content.decode()


def test_trainer_creates_appraisal_in_admin_and_is_recorded_as_trainer(client, org):
    client.force_login(org["trainer"])
    data = {
        "staff": org["staff_a2"].pk,
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "sessions_planned": "10",
        "sessions_attended": "9",
        "attendance_note": "",
        "text": "良好",
        "rating": Rating.PASS,
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-item": "礼仪",
        "items-0-category": SkillCategory.SERVICE,
        "items-0-done": "on",
        "items-0-ORDER": "1",
        "items-0-DELETE": "",
        "items-0-id": "",
    }
    response = client.post(reverse("records_appraisals:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Appraisal.objects.get(staff=org["staff_a2"])
    assert created.trainer == org["trainer"] and created.items.get().item == "礼仪"


def test_trainer_cannot_create_appraisal_for_staff_of_other_halls(client, org):
    client.force_login(org["trainer"])
    data = {
        "staff": org["staff_b1"].pk,
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "sessions_planned": "1",
        "sessions_attended": "1",
        "text": "x",
        "rating": Rating.PASS,
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("records_appraisals:add"), data)
    assert response.status_code == 200
    assert not Appraisal.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("staff_a1", 200), ("staff_a2", 404), ("manager_a", 200), ("manager_b", 404)]
)
def test_signed_appraisal_download_is_scoped(client, org, appraisal, who, status):
    Appraisal.objects.filter(pk=appraisal.pk).update(status=AppraisalStatus.SIGNED)
    client.force_login(org[who].user)
    assert client.get(reverse("records:appraisal", args=[appraisal.pk])).status_code == status


def test_admin_pages_render_for_trainer_and_manager(client, org, appraisal):
    client.force_login(org["trainer"])
    for url in (
        reverse("records_appraisals:index"),
        reverse("records_appraisals:add"),
        reverse("records_appraisals:edit", args=[appraisal.pk]),
        reverse("records_admin:appraisal_detail", args=[appraisal.pk]),
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(org["manager_a"].user)
    page = client.get(reverse("records_admin:appraisal_detail", args=[appraisal.pk])).content.decode()
    assert reverse("records_admin:appraisal_sign", args=[appraisal.pk]) in page


def test_export_list_page_renders_for_hr(client, org):
    from records.models import ExportJob

    ExportJob.objects.create(created_by=org["hr"], year=2026)
    client.force_login(org["hr"])
    page = client.get(reverse("records:exports"))
    assert page.status_code == 200 and "全部" in page.content.decode()


def test_trainee_sees_own_appraisal_only_once_signed(client, org, appraisal):
    from records.selectors import appraisals_visible_to

    assert appraisal.status == AppraisalStatus.DRAFT
    trainee = appraisal.staff.user
    assert not appraisals_visible_to(trainee).filter(pk=appraisal.pk).exists()
    assert appraisals_visible_to(org["manager_a"].user).filter(pk=appraisal.pk).exists()
    client.force_login(trainee)
    assert client.get(reverse("records:appraisal", args=[appraisal.pk])).status_code == 404
    Appraisal.objects.filter(pk=appraisal.pk).update(status=AppraisalStatus.SIGNED)
    assert appraisals_visible_to(trainee).filter(pk=appraisal.pk).exists()
