"""Hall training report: everyone of the hall in the period, monthly chart, scoped download."""

import datetime

import pytest
from django.urls import reverse

from records.documents import hall_report_spec
from records.services import document_render

from .conftest import add_event
from .helpers import needs_poppler, pdf_fonts, pdf_text


@needs_poppler
def test_hall_report_lists_people_counts_and_charts(org):
    a1 = org["staff_a1"]
    a1.name = "赵子龙"
    a1.save()
    add_event(a1, datetime.date(2026, 3, 2), score=80)
    add_event(a1, datetime.date(2026, 3, 9), score=90)
    add_event(org["staff_b1"], datetime.date(2026, 3, 9))
    spec = hall_report_spec(org["hall_a"], start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    assert spec.data["per_month"][2] == ["2026-03", 2] and len(spec.data["per_month"]) == 12
    assert spec.data["totals"] == {"people": 3, "events": 2}
    pdf = document_render(spec).file_path.read_bytes()
    text = pdf_text(pdf)
    assert "营业厅培训报告" in text and "赵子龙" in text and "85.0" in text and org["staff_b1"].name not in text
    assert spec.data["has_rules"] is True  # statuses from the compliance engine
    assert all(" yes yes " in row for row in pdf_fonts(pdf))


@pytest.mark.parametrize(
    ("who", "hall", "status"),
    [("manager_a", "HA", 200), ("manager_a", "HB", 404), ("hr", "HB", 200), ("staff_a1", "HA", 404)],
)
def test_hall_report_download_is_scoped(client, org, who, hall, status):
    user = org[who] if who == "hr" else org[who].user
    client.force_login(user)
    assert client.get(reverse("records:hall_report", args=[hall]), {"month": "2026-03"}).status_code == status


def test_hall_report_rejects_bad_month(client, org):
    client.force_login(org["hr"])
    assert client.get(reverse("records:hall_report", args=["HA"]), {"month": "2026-13"}).status_code == 400
