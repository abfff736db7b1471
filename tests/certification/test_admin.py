"""The 上岗认证 admin: programs for trainers and HR, certificates read-only and scoped, practical assessments."""

import datetime

import pytest
from django.urls import reverse

from certification.models import Certificate, CertificateSource, PracticalAssessment, Program
from people import roles
from tests.conftest import make_user

from .utils import make_program

D = datetime.date


@pytest.fixture
def certs(org):
    program = make_program("SEC", practical_required=True)
    made = {}
    for key in ("staff_a1", "staff_b1"):
        made[key] = Certificate.objects.create(
            number=f"N-{key}",
            program=program,
            staff=org[key],
            issued_on=D(2025, 1, 1),
            expires_on=D(2027, 1, 1),
            source=CertificateSource.IMPORTED,
        )
    return {"program": program, **made}


def test_a_trainer_creates_a_program_with_posts_as_checkboxes(client, org):
    client.force_login(org["trainer"])
    url = reverse("certification_programs:add")
    assert client.get(url).status_code == 200
    data = {
        "code": "CTR-1",
        "name": "综合受理",
        "posts": ["counter"],
        "validity_months": 24,
        "window_days": 60,
        "grace_days": 30,
        "active": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert Program.objects.get(code="CTR-1").posts == ["counter"]
    response = client.post(url, data | {"code": "bad code"})
    assert response.status_code == 200 and not Program.objects.filter(name="综合受理").exclude(code="CTR-1").exists()


def test_plain_staff_cannot_reach_the_programs(client, org):
    client.force_login(org["staff_a1"].user)
    assert client.get(reverse("certification_programs:index")).status_code in (302, 403)


def test_the_certificate_list_shows_only_the_people_one_may_see(client, org, certs):
    client.force_login(org["trainer"])
    page = client.get(reverse("certification_certificates:index")).content.decode()
    assert "N-staff_a1" in page and "N-staff_b1" not in page
    other = reverse("certification_certificates:inspect", args=[certs["staff_b1"].pk])
    assert client.get(other).status_code == 404
    assert client.get(reverse("certification_certificates:inspect", args=[certs["staff_a1"].pk])).status_code == 200
    client.force_login(org["hr"])
    page = client.get(reverse("certification_certificates:index")).content.decode()
    assert "N-staff_a1" in page and "N-staff_b1" in page


def test_certificates_are_filtered_by_state_and_hall_and_never_edited(client, org, certs):
    Certificate.objects.filter(pk=certs["staff_b1"].pk).update(revoked_at="2025-06-01T00:00:00Z")
    client.force_login(org["hr"])
    index = reverse("certification_certificates:index")
    page = client.get(index, {"state": "revoked"}).content.decode()
    assert "N-staff_b1" in page and "N-staff_a1" not in page
    page = client.get(index, {"hall": org["hall_a"].pk}).content.decode()
    assert "N-staff_a1" in page and "N-staff_b1" not in page
    edit = reverse("certification_certificates:edit", args=[certs["staff_a1"].pk])
    assert client.post(edit, {"revoke_reason": "x"}).status_code in (302, 403)
    assert Certificate.objects.get(pk=certs["staff_a1"].pk).revoke_reason == ""


def test_a_trainer_records_a_practical_assessment_only_for_people_of_their_halls(client, org, certs):
    client.force_login(org["trainer"])
    url = reverse("certification_practicals:add")
    data = {"program": certs["program"].pk, "assessed_on": "2025-05-06", "passed": "on", "note": "规范"}
    assert client.post(url, data | {"staff": org["staff_b1"].pk}).status_code == 200  # not a choice
    assert not PracticalAssessment.objects.exists()
    assert client.post(url, data | {"staff": org["staff_a1"].pk, "assessed_on": "2999-01-01"}).status_code == 200
    assert client.post(url, data | {"staff": org["staff_a1"].pk}).status_code == 302
    record = PracticalAssessment.objects.get()
    assert (record.staff, record.passed, record.assessor) == (org["staff_a1"], True, org["trainer"])


def test_a_hall_manager_may_not_record_practical_assessments(client, org, certs):
    manager = make_user("m2", roles.HALL_MANAGER)
    client.force_login(manager)
    assert client.post(reverse("certification_practicals:add"), {}).status_code in (302, 403)
