"""The rule statuses that PDF transcripts show come from the same engine as `compliance_report`."""

import datetime
import json
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
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


@pytest.mark.django_db
def test_a_closed_years_statuses_in_january_are_that_years_judged_through_its_january_windows():
    staff = make_staff(hired_on=datetime.date(2020, 1, 1))
    with time_machine.travel(datetime.datetime(2027, 1, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        rows = rule_statuses([staff], start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))[staff.pk]
        december = rule_statuses([staff], start=datetime.date(2026, 12, 1), end=datetime.date(2026, 12, 31))
    by_rule = {r["rule"]: r for r in rows}
    assert by_rule["weekly"]["detail"].endswith("2026-W53")  # ran into January, judged in 2026's report
    assert by_rule["annual"]["status"] == "missed" and by_rule["annual"]["detail"].startswith("2026 年 0/12")
    assert december[staff.pk] == rows


@pytest.mark.django_db
def test_a_period_ending_mid_year_is_judged_at_its_end():
    staff = make_staff(hired_on=datetime.date(2020, 1, 1))
    rows = rule_statuses([staff], start=datetime.date(2026, 1, 1), end=datetime.date(2026, 1, 18))[staff.pk]
    by_rule = {r["rule"]: r for r in rows}
    assert by_rule["weekly"]["detail"] == "2026-W02、2026-W03" and by_rule["annual"]["status"] == "in_progress"
