"""Transcripts: content read back from the PDF, rules only when an adapter exists, caching, downloads."""

import datetime

import pytest
from django.urls import reverse
from wagtail import hooks

from records.documents import RULES_HOOK, transcript_specs
from records.models import VerifiedDocument
from records.services import document_render

from .conftest import add_event
from .helpers import needs_poppler, pdf_fonts, pdf_text

Y2026 = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31)}


def _transcript(staff, **period):
    return document_render(transcript_specs([staff], **(period or Y2026))[0])


@needs_poppler
def test_transcript_pdf_reads_back_chinese_name_events_and_scores(org):
    staff = org["staff_a1"]
    staff.name = "张晓梅"
    staff.save()
    add_event(staff, datetime.date(2026, 3, 2), topic="投诉处理四步法", score=92.5)
    add_event(staff, datetime.date(2026, 3, 9), topic="仪容仪表规范")
    add_event(staff, datetime.date(2025, 12, 30), topic="去年的培训")
    doc = _transcript(staff)
    pdf = doc.file_path.read_bytes()
    text = pdf_text(pdf)
    for expected in ("员工培训档案", "张晓梅", staff.staff_no, "投诉处理四步法", "92.5", "仪容仪表规范", doc.code):
        assert expected in text
    assert "去年的培训" not in text
    assert "第 1 页，共 1 页" in text
    assert all(" yes yes " in row for row in pdf_fonts(pdf))
    assert "培训制度执行情况" in text and "R1 每周培训" in text  # statuses from the compliance engine


@needs_poppler
def test_transcript_shows_rule_statuses_from_registered_adapter(org):
    staff = org["staff_a1"]

    def adapter(staff_list, *, start, end):
        return {
            s.pk: [
                {"rule": "R1", "label": "每周培训", "status": "missed", "status_label": "未完成", "detail": "第10周"}
            ]
            for s in staff_list
        }

    with hooks.register_temporarily(RULES_HOOK, adapter):
        text = pdf_text(_transcript(staff).file_path.read_bytes())
    assert "培训制度执行情况" in text and "每周培训" in text and "第10周" in text


def test_unchanged_transcript_is_not_rendered_again_but_a_new_event_is(org):
    staff = org["staff_a1"]
    first = _transcript(staff)
    again = _transcript(staff)
    assert again.pk == first.pk
    add_event(staff, datetime.date(2026, 5, 5))
    changed = _transcript(staff)
    assert changed.pk != first.pk and changed.version == 2 and changed.sha256 != first.sha256


def test_transcript_specs_use_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    people = [org["staff_a1"], org["staff_a2"], org["staff_b1"]]
    for s in people:
        add_event(s, datetime.date(2026, 2, 2))
    from compliance.models import ComplianceSettings
    from people.models import Staff

    staff_list = list(Staff.objects.select_related("hall", "hall__branch").filter(pk__in=[s.pk for s in people]))
    ComplianceSettings.load()  # a running site has its settings row; the first load of a new one inserts it
    # events, quiz assignments and their attempts, the rules engine's fixed set, the active certification
    # programs (PostgreSQL 11, SQLite 10)
    with django_assert_max_num_queries(11):
        specs = transcript_specs(staff_list, **Y2026)
    assert [len(s.data["events"]) for s in specs] == [1, 1, 1]
    assert all(len(s.data["rules"]) == 5 for s in specs)
    with django_assert_max_num_queries(11):  # the same for one person: the count does not grow with people
        transcript_specs(staff_list[:1], **Y2026)


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("staff_a1", "staff_a1", 200),
        ("staff_a1", "staff_a2", 404),
        ("manager_a", "staff_a2", 200),
        ("manager_a", "staff_b1", 404),
        ("hr", "staff_b1", 200),
        ("trainer", "staff_a1", 200),
        ("trainer", "staff_b1", 404),
    ],
)
def test_transcript_download_is_scoped_to_what_the_user_may_see(client, org, who, target, status):
    user = org[who] if who in ("hr", "trainer") else org[who].user
    client.force_login(user)
    response = client.get(reverse("records:transcript", args=[org[target].staff_no]), {"year": 2026})
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_transcript_download_requires_login(client, org):
    response = client.get(reverse("records:transcript", args=[org["staff_a1"].staff_no]))
    assert response.status_code == 302


def test_transcript_download_with_bad_period_is_a_clear_400(client, org):
    client.force_login(org["hr"])
    url = reverse("records:transcript", args=[org["staff_a1"].staff_no])
    reversed_period = client.get(url, {"start": "2026-05-01", "end": "2026-01-01"})
    assert reversed_period.status_code == 400 and "结束日期不能早于开始日期" in reversed_period.content.decode()
    assert client.get(url, {"year": "abc"}).status_code == 400
    assert not VerifiedDocument.objects.exists()


def test_stored_pdfs_are_outside_media_root(settings, org):
    doc = _transcript(org["staff_a1"])
    assert settings.MEDIA_ROOT not in doc.file_path.parents


@needs_poppler
def test_two_page_transcript_keeps_header_footer_pdfa_json_and_subset_font(org, settings):
    import io
    import json

    import pikepdf

    staff = org["staff_a1"]
    for week in range(34):
        add_event(staff, datetime.date(2026, 1, 3) + datetime.timedelta(weeks=week), topic=f"第{week + 1}课", score=80)
    doc = _transcript(staff)
    pdf = doc.file_path.read_bytes()
    text = pdf_text(pdf)
    assert "第 1 页，共 2 页" in text and "第 2 页，共 2 页" in text
    assert text.count(settings.RECORDS_ORG_NAME) == 2 and text.count(doc.code) >= 3  # header, footer, QR caption
    assert all(f"第{week + 1}课" in text for week in range(34)) and "生成时间" in text
    assert all(" yes yes " in row for row in pdf_fonts(pdf)) and any("WenQuanYi" in r for r in pdf_fonts(pdf))
    with pikepdf.open(io.BytesIO(pdf)) as parsed:
        assert len(parsed.pages) == 2 and parsed.open_metadata().pdfa_status == "3B"
        record = json.loads(parsed.attachments["record.json"].get_file().read_bytes())
    assert len(record["events"]) == 34


def test_a_layout_stylesheet_change_invalidates_cached_documents(org, monkeypatch, tmp_path):
    from records import services

    spec = transcript_specs([org["staff_a1"]], **Y2026)[0]
    before = services.content_hash(spec)
    changed = tmp_path / "pdf.css"
    changed.write_text(services.STYLESHEET.read_text() + "h1 { color: red; }")
    monkeypatch.setattr(services, "STYLESHEET", changed)
    services._template_fingerprint.cache_clear()
    try:
        assert services.content_hash(spec) != before
    finally:
        services._template_fingerprint.cache_clear()
