"""Certificates in the audit trail (issue, revoke, reissue) and in the person's data download."""

import io
import json
import zipfile

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certification.services import certificate_check, certificate_reissue, certificate_revoke
from people import audit
from tests.conftest import make_staff

from .utils import local, make_exam, make_program, pass_exam


@pytest.fixture
def earned(org):
    staff, exam = make_staff(org["hall_a"]), make_exam()
    program = make_program(exam=exam)
    with time_machine.travel(local(2024, 3, 1, 15), tick=False):
        pass_exam(staff, exam, local(2024, 3, 1, 10))
        certificate = certificate_check(staff_id=staff.pk, program_id=program.pk)
    return staff, certificate


@pytest.mark.django_db
def test_issuing_revoking_and_reissuing_each_record_one_entry(earned, org):
    staff, certificate = earned
    issued = ModelLogEntry.objects.get(action=audit.CERTIFICATE_ISSUE)
    assert issued.user_id is None and issued.object_id == str(certificate.pk)
    assert issued.data["people"] == [staff.pk] and issued.data["number"] == certificate.number
    assert issued.data["old"] is None and issued.data["expires_on"] == "2026-03-01"
    certificate_revoke(certificate_id=certificate.pk, by=org["hr"], reason="冒名顶替考试")
    certificate_revoke(certificate_id=certificate.pk, by=org["hr"], reason="再次吊销")  # changes nothing
    revoked = ModelLogEntry.objects.get(action=audit.CERTIFICATE_REVOKE)
    assert revoked.user == org["hr"] and revoked.data["reason"] == "冒名顶替考试"
    assert (revoked.data["old"], revoked.data["new"]) == ("valid", "revoked")
    new = certificate_reissue(certificate_id=certificate.pk, by=org["hr"], reason="证件遗失")
    reissued = ModelLogEntry.objects.get(action=audit.CERTIFICATE_REISSUE)
    assert reissued.user == org["hr"] and reissued.object_id == str(new.pk)
    assert (reissued.data["old"], reissued.data["new"]) == (certificate.number, new.number)
    assert ModelLogEntry.objects.filter(action=audit.CERTIFICATE_REVOKE).count() == 1


@pytest.mark.django_db
def test_a_person_finds_their_certificates_in_their_data_download(client, earned):
    staff, certificate = earned
    client.force_login(staff.user)
    response = client.get(reverse("people:my_data"))
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))
    assert [c["number"] for c in data["certificates"]] == [certificate.number]
    assert data["practical_assessments"] == []
