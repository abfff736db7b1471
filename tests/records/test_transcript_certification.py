"""The transcript's 上岗认证 section: programs required for the post with status, number and dates, and the
certificate history (renewed, revoked), read back from the PDF; a fixed number of queries."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certification.models import Certificate, CertificateSource
from compliance.models import ComplianceSettings
from people.models import Staff
from people.posts import Post
from records.documents import transcript_specs
from records.services import document_render
from tests.certification.utils import local, make_program

from .helpers import needs_poppler, pdf_text

D = datetime.date
Y2027 = {"start": D(2027, 1, 1), "end": D(2027, 12, 31)}


def certificate(staff, program, number, issued_on, expires_on, source=CertificateSource.EARNED, **kwargs):
    return Certificate.objects.create(
        number=number,
        program=program,
        staff=staff,
        issued_on=issued_on,
        expires_on=expires_on,
        source=source,
        **kwargs,
    )


@pytest.fixture
def history(org):
    sec = make_program("SEC", name="安全保密")
    make_program("CPL", name="投诉接待", posts=[Post.HALL_MANAGER])
    a1 = org["staff_a1"]
    first = certificate(a1, sec, "SG-2023-000001", D(2023, 3, 1), D(2025, 3, 1))
    certificate(a1, sec, "SG-2025-000002", D(2025, 2, 10), D(2027, 3, 1), CertificateSource.RENEWED, replaces=first)
    certificate(
        a1,
        sec,
        "SG-2025-000003",
        D(2025, 6, 1),
        D(2027, 6, 1),
        revoked_at=timezone.make_aware(datetime.datetime(2025, 7, 1, 10)),
        revoke_reason="证件信息有误",
    )
    return {"a1": a1, "sec": sec}


@needs_poppler
def test_the_transcript_lists_required_programs_with_status_and_the_certificate_history(org, history):
    with time_machine.travel(local(2027, 2, 10), tick=False):
        doc = document_render(transcript_specs([history["a1"]], **Y2027)[0])
    text = pdf_text(doc.file_path.read_bytes())
    assert "上岗认证" in text and "安全保密" in text and "即将到期" in text
    assert "SG-2025-000002" in text and "2025-02-10 – 2027-03-01" in text
    assert "投诉接待" not in text  # not required for a counter clerk
    assert "安全保密证书记录" in text
    for expected in ("SG-2023-000001", "复审换证", "已过期", "已吊销（2025-07-01：证件信息有误）"):
        assert expected in text


def test_the_section_stands_on_the_periods_last_day_and_shows_grace_and_missing(org, history):
    newcomer = Staff.objects.get(pk=org["staff_a2"].pk)
    newcomer.hired_on = D(2027, 1, 1)
    newcomer.save()
    with time_machine.travel(local(2028, 1, 10), tick=False):
        (spec,) = transcript_specs([newcomer], start=D(2027, 1, 1), end=D(2027, 1, 20))
        (later,) = transcript_specs([newcomer], **Y2027)
    (row,) = spec.data["certification"]
    assert (row["status"], row["status_label"], row["grace_ends_on"]) == ("in_grace", "新岗宽限期", "2027-01-31")
    assert later.data["certification"][0]["status_label"] == "未取得"
    assert later.data["certification"][0]["css"] == "missed"


def test_without_active_programs_there_is_no_section(org):
    (spec,) = transcript_specs([org["staff_a1"]], **Y2027)
    assert spec.data["certification"] == []


def test_the_section_costs_the_same_queries_for_one_person_or_many(org, history):
    ComplianceSettings.load()
    people = list(Staff.objects.select_related("hall", "hall__branch").order_by("pk"))
    with time_machine.travel(local(2027, 2, 10), tick=False):
        with CaptureQueriesContext(connection) as one:
            transcript_specs(people[:1], **Y2027)
        with CaptureQueriesContext(connection) as many:
            specs = transcript_specs(people, **Y2027)
    assert len(one.captured_queries) == len(many.captured_queries)
    by_no = {s.summary["staff_no"]: s.data["certification"] for s in specs}
    assert [c["code"] for c in by_no["MA"]] == ["CPL", "SEC"] and [c["code"] for c in by_no["A1"]] == ["SEC"]


def test_a_person_downloads_only_their_own_transcript(client, org, history):
    client.force_login(org["staff_a1"].user)
    url = reverse("records:transcript", args=["A2"])
    assert client.get(url, {"start": "2027-01-01", "end": "2027-12-31"}).status_code == 404
