"""The admin import: upload, preview (nothing written yet), confirm; HR only; bad files write nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people.models import Staff

CSV = (
    "staff_no,name,branch,hall_code,hall_name,post,is_backbone,hired_on,left_on\n"
    "7001,周洁,QC,QC01,中山路营业厅,综合受理,1,2021-03-01,\n"
).encode()


def upload(client, data=CSV, name="staff.csv"):
    return client.post(reverse("people_admin:import"), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_preview_then_confirm(client, org):
    client.force_login(org["hr"])
    response = upload(client)
    assert response.status_code == 200
    page = response.content.decode()
    assert "预览" in page and "7001" in page
    assert not Staff.objects.filter(staff_no="7001").exists()
    token = response.context["token"]
    response = client.post(reverse("people_admin:import"), {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert Staff.objects.get(staff_no="7001").name == "周洁"


@pytest.mark.django_db
def test_bad_upload_shows_errors_and_writes_nothing(client, org):
    client.force_login(org["hr"])
    bad = CSV.replace(b"2021-03-01", b"yesterday")
    response = upload(client, bad)
    page = response.content.decode()
    assert response.status_code == 200 and "第 2 行" in page and "yesterday" in page
    assert not Staff.objects.filter(staff_no="7001").exists()


@pytest.mark.django_db
def test_confirm_with_a_forged_token_applies_nothing(client, org):
    client.force_login(org["hr"])
    upload(client)
    response = client.post(reverse("people_admin:import"), {"confirm": "1", "token": "../../etc/passwd"})
    assert "过期" in response.content.decode()
    assert not Staff.objects.filter(staff_no="7001").exists()


@pytest.mark.django_db
def test_non_hr_cannot_import(client, org):
    client.force_login(org["manager_a"].user)
    response = upload(client)
    assert response.status_code in (302, 403)
    assert not Staff.objects.filter(staff_no="7001").exists()
