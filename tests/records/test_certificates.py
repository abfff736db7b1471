"""The 上岗证 PDF: read back, one page, small and fast enough; who may download it; the verify page says
valid, expired or revoked as of the request (not as printed)."""

import datetime
import re
import time

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from certification.models import Certificate, CertificateSource
from certification.services import certificate_reissue, certificate_revoke
from records.certificates import certificate_spec
from records.models import DocumentKind, VerifiedDocument
from records.services import document_render
from tests.certification.utils import make_program

from .helpers import needs_poppler, pdf_fonts, pdf_text

TZ = timezone.get_default_timezone()
ISSUED, EXPIRES = datetime.date(2026, 3, 2), datetime.date(2028, 3, 1)


def at(day: datetime.date, hour=12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def make_certificate(staff, *, program=None, number="SG-2026-000123", issued_on=ISSUED, expires_on=EXPIRES):
    program = program or make_program("COUNTER", name="综合受理上岗认证")
    return Certificate.objects.create(
        number=number,
        program=program,
        staff=staff,
        issued_on=issued_on,
        expires_on=expires_on,
        source=CertificateSource.EARNED,
    )


@pytest.fixture
def certificate(org):
    return make_certificate(org["staff_a1"])


def _download(client, user, number):
    client.force_login(user)
    return client.get(reverse("records:certificate_pdf", args=[number]))


def _pdf(response) -> bytes:
    return b"".join(response.streaming_content)


@needs_poppler
def test_pdf_reads_back_number_person_program_dates_and_verify_url(client, org, certificate, settings):
    settings.PEIXUN_BASE_URL = "https://peixun.example.cn"
    response = _download(client, org["staff_a1"].user, certificate.number)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = _pdf(response)
    text = pdf_text(pdf)
    flat = text.replace("\n", "").replace(" ", "")
    doc = VerifiedDocument.objects.get(kind=DocumentKind.CERTIFICATE)
    for value in [
        "上岗证",
        certificate.number,
        org["staff_a1"].name,
        "A1",
        "甲营业厅",
        "综合受理上岗认证",
        "2026-03-02",
        "2028-03-01",
    ]:
        assert value in flat, value
    assert f"https://peixun.example.cn/verify/{doc.code}/" in flat
    assert text.count("\f") == 1  # one page
    assert len(pdf) <= 60 * 1024
    fonts = pdf_fonts(pdf)  # the records' one CJK font, embedded and subset
    assert fonts and all("WenQuanYi" in row and " yes yes " in row for row in fonts)


def test_pdf_prints_a_qr_code_of_the_verify_url(org, certificate, settings):
    """The QR code is inline SVG (no decoder in the venv): the page's SVG is the one segno makes for the URL."""
    from records.services import document_html
    from records.verify import qr_svg

    spec = certificate_spec(Certificate.objects.select_related("program", "staff__hall").get(pk=certificate.pk))
    html = document_html(spec, code="ABCDEFGHJKMN", generated_at=timezone.localtime())
    url = f"{settings.PEIXUN_BASE_URL.rstrip('/')}/verify/ABCDEFGHJKMN/"
    assert qr_svg(url) in html


def test_pdf_renders_in_under_a_fifth_of_a_second(org, certificate):
    spec = certificate_spec(Certificate.objects.select_related("program", "staff__hall").get(pk=certificate.pk))
    document_render(spec)  # warm: fonts, stylesheet
    VerifiedDocument.objects.all().delete()
    t = time.perf_counter()
    doc = document_render(spec)
    # generous for a loaded shared machine; bench/pdf_render.py prints the real figure
    assert time.perf_counter() - t < 1.0
    assert doc.size <= 60 * 1024


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff_a1", 200), ("manager_a", 200), ("trainer", 200), ("hr", 200), ("staff_a2", 404), ("manager_b", 404)],
)
def test_download_is_scoped_like_the_other_records(client, org, certificate, who, status):
    user = org[who] if who in ("trainer", "hr") else org[who].user
    assert _download(client, user, certificate.number).status_code == status


def test_download_needs_login_and_a_revoked_certificate_is_not_offered(client, org, certificate):
    assert client.get(reverse("records:certificate_pdf", args=[certificate.number])).status_code == 302
    certificate_revoke(certificate_id=certificate.pk, by=org["hr"], reason="违规操作")
    assert _download(client, org["staff_a1"].user, certificate.number).status_code == 404


def _verify_code(client, org, certificate) -> str:
    _pdf(_download(client, org["staff_a1"].user, certificate.number))
    client.logout()
    return VerifiedDocument.objects.get(kind=DocumentKind.CERTIFICATE, summary__number=certificate.number).code


def _status_line(body: str) -> str:
    return re.search(r"当前状态：[^<]*", body).group(0)


def test_verify_page_says_valid_then_expired_after_the_expiry_day(client, org, certificate):
    with time_machine.travel(at(datetime.date(2026, 6, 1)), tick=False):
        code = _verify_code(client, org, certificate)
    url = reverse("records:verify", args=[code])
    with time_machine.travel(at(EXPIRES, 23), tick=False):
        body = client.get(url).content.decode()
        assert "有效" in _status_line(body) and "综合受理上岗认证" in body and org["staff_a1"].name in body
        assert "2026-03-02 – 2028-03-01" in body
    with time_machine.travel(at(EXPIRES + datetime.timedelta(days=1), 0), tick=False):
        assert "已过期" in _status_line(client.get(url).content.decode())


def test_verify_page_of_a_revoked_certificate_gives_date_and_reason(client, org, certificate):
    code = _verify_code(client, org, certificate)
    certificate_revoke(certificate_id=certificate.pk, by=org["hr"], reason="考试作弊", at=at(datetime.date(2026, 5, 4)))
    body = client.get(reverse("records:verify", args=[code])).content.decode()
    line = _status_line(body)
    assert "已撤销" in line and "2026-05-04" in line and "考试作弊" in line


def test_the_old_pdf_of_a_reissued_certificate_shows_revoked_and_names_the_new_one(client, org, certificate):
    code = _verify_code(client, org, certificate)
    new = certificate_reissue(certificate_id=certificate.pk, by=org["hr"], reason="证书遗失")
    body = client.get(reverse("records:verify", args=[code])).content.decode()
    assert "已撤销" in _status_line(body) and new.number in body
