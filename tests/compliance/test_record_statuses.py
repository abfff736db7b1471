"""The rule statuses that PDF transcripts show come from the same engine as `compliance_report`."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from compliance.record_statuses import rule_statuses
from people.models import Staff
from tests.conftest import make_staff


@pytest.mark.django_db
def test_statuses_match_the_compliance_report_at_the_period_end():
    staff = make_staff(hired_on=datetime.date(2025, 6, 1), is_backbone=True)
    staff = Staff.objects.select_related("hall", "hall__branch").get(pk=staff.pk)
    rows = rule_statuses([staff], start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31))[staff.pk]
    out = StringIO()
    call_command("compliance_report", "--as-of", "2026-04-01T00:00:00+08:00", "--format", "json", stdout=out)
    report = next(p for p in json.loads(out.getvalue())["staff"] if p["staff_no"] == staff.staff_no)
    by_rule = {r["rule"]: r for r in rows}
    assert [r["rule"] for r in rows] == ["weekly", "annual", "backbone", "new_service", "onboarding"]
    assert by_rule["weekly"]["status"] == report["rules"]["weekly"]["status"] == "missed"
    assert by_rule["weekly"]["detail"].startswith("2026-W02")  # W01 began on Monday 2025-12-29
    assert by_rule["backbone"]["status"] == "missed" and "2026-03" in by_rule["backbone"]["detail"]
    assert by_rule["annual"]["status"] == report["rules"]["annual"]["status"]
    assert by_rule["onboarding"]["status"] == "n/a" and by_rule["onboarding"]["status_label"] == "不适用"


@pytest.mark.django_db
def test_no_people_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert rule_statuses([], start=datetime.date(2026, 1, 1), end=datetime.date(2026, 1, 31)) == {}
