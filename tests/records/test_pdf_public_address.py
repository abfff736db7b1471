"""Every PDF's verification link and QR code start with the site's public address (``PEIXUN_BASE_URL``), and
PDF file names carry the day in Shanghai (TIME_ZONE), not the UTC day."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from records.documents import session_record_spec, transcript_specs
from records.services import document_html
from records.verify import qr_svg
from trainings.models import TrainingSession

UTC = datetime.UTC
TZ = timezone.get_default_timezone()


def _filename(response) -> str:
    return response["Content-Disposition"].split("filename=", 1)[1].strip('"')


@pytest.fixture
def early_session(org):
    """A session at 07:30 in Shanghai on 10 March: still 9 March (23:30) in UTC."""
    session = TrainingSession.objects.create(
        topic="晨会",
        trainer=org["trainer"],
        starts_at=datetime.datetime(2026, 3, 9, 23, 30, tzinfo=UTC),
        ends_at=datetime.datetime(2026, 3, 10, 0, 30, tzinfo=UTC),
    )
    session.halls.set([org["hall_a"]])
    return session


def test_session_record_file_name_has_the_shanghai_day(client, org, early_session):
    client.force_login(org["hr"])
    response = client.get(reverse("records:session_record", args=[early_session.pk]))
    assert response.status_code == 200
    assert _filename(response) == f"session_{early_session.pk}_20260310.pdf"


@pytest.mark.parametrize(
    ("utc", "year"),
    [
        (datetime.datetime(2026, 12, 31, 15, 30, tzinfo=UTC), 2026),  # 23:30 in Shanghai
        (datetime.datetime(2026, 12, 31, 23, 30, tzinfo=UTC), 2027),  # already 1 January in Shanghai
    ],
)
def test_transcript_file_name_defaults_to_the_shanghai_year_at_2330_utc(client, org, utc, year):
    with time_machine.travel(utc, tick=False):
        client.force_login(org["hr"])
        response = client.get(reverse("records:transcript", args=["A1"]))
    assert response.status_code == 200
    assert _filename(response) == f"A1_{year}0101-{year}1231.pdf"


def test_hall_report_file_name_defaults_to_the_shanghai_year_at_2330_utc(client, org):
    with time_machine.travel(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=UTC), tick=False):
        client.force_login(org["hr"])
        response = client.get(reverse("records:hall_report", args=["HA"]))
    assert response.status_code == 200
    assert _filename(response) == "hall_HA_20270101-20271231.pdf"


@pytest.mark.parametrize("document", ["transcript", "session_record"])
def test_verification_link_and_qr_code_use_the_public_address(org, early_session, settings, document):
    settings.PEIXUN_BASE_URL = "https://peixun.example.cn"
    if document == "transcript":
        spec = transcript_specs([org["staff_a1"]], start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))[0]
    else:
        spec = session_record_spec(early_session)
    html = document_html(spec, code="ABCDEFGHJKMN", generated_at=timezone.localtime())
    url = "https://peixun.example.cn/verify/ABCDEFGHJKMN/"
    assert url in html
    assert qr_svg(url) in html
    assert "127.0.0.1" not in html
