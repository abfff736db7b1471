"""One map from rule status codes to what people read (compliance.statuses): label, colour, sign, count."""

import datetime
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from compliance import statuses
from compliance.rules import Person
from compliance.verdicts import (
    IN_PROGRESS,
    MET,
    MISSED,
    NA,
    OK,
    PENDING,
    AnnualVerdict,
    BackboneVerdict,
    NewServiceVerdict,
    OnboardingVerdict,
    PersonReport,
    WeeklyVerdict,
)

TZ = ZoneInfo("Asia/Shanghai")


def report(*, weekly=OK, missed_weeks=(), annual=(IN_PROGRESS, 10, 12), backbone=NA, months=(), new=(), due=()):
    person = Person("A1", "HA", False, datetime.date(2020, 1, 1))
    status, count, required = annual
    return PersonReport(
        person,
        WeeklyVerdict(weekly, list(missed_weeks), None, {}),
        AnnualVerdict(status, 2026, count, required, 1, 2),
        BackboneVerdict(backbone, list(months)),
        NewServiceVerdict(MISSED if new else (PENDING if due else NA), list(new), list(due)),
        OnboardingVerdict(PENDING, deadline=datetime.datetime(2026, 12, 11, tzinfo=TZ)),
    )


@pytest.mark.parametrize(
    ("code", "zh", "en", "tone"),
    [
        (OK, "已完成", "Done", "ok"),
        (MET, "已完成", "Done", "ok"),
        (IN_PROGRESS, "进行中", "In progress", "info"),
        (MISSED, "未完成", "Not done", "bad"),
        (PENDING, "待完成", "Due", "warn"),
        (NA, "不适用", "Not applicable", "none"),
    ],
)
def test_every_verdict_code_has_one_label_in_each_language_and_a_colour(code, zh, en, tone):
    with translation.override("zh-hans"):
        assert statuses.status_label(code) == zh and statuses.badge(code).label == zh
    with translation.override("en"):
        assert statuses.status_label(code) == en
    b = statuses.badge(code)
    assert b.tone == tone and b.css == f"status-badge status-{tone}"


def test_raw_ok_reads_as_met_and_each_status_has_its_own_colour_and_sign():
    assert statuses.status_code(OK) == MET == statuses.badge(OK).code
    codes = [MET, IN_PROGRESS, MISSED, PENDING, NA]
    assert set(statuses.LABELS) == set(codes)
    assert len({statuses.TONES[c] for c in codes}) == len({statuses.SYMBOLS[c] for c in codes}) == 5
    assert statuses.status_label("unknown") == "unknown"


def test_counts_per_rule_in_chinese():
    r = report(weekly=MISSED, missed_weeks=["2026-W10", "2026-W11"], backbone=MISSED, months=["2026-03"], new=["X"])
    with translation.override("zh-hans"):
        cells = {c.rule: c for c in statuses.rule_cells(r)}
    assert [c.rule for c in statuses.rule_cells(r)] == list(statuses.RULES)
    assert (cells["weekly"].label, cells["weekly"].count) == ("未完成", "缺 2 周")
    assert (cells["annual"].label, cells["annual"].count) == ("进行中", "10/12")
    assert (cells["backbone"].label, cells["backbone"].count) == ("未完成", "缺 1 个月")
    assert (cells["new_service"].label, cells["new_service"].count) == ("未完成", "缺 1 项")
    assert (cells["onboarding"].label, cells["onboarding"].count) == ("待完成", "12-11 前")


def test_counts_in_english_and_nothing_to_count_is_empty():
    r = report(weekly=MISSED, missed_weeks=["2026-W10"], annual=(NA, 0, 0), new=["X"], due=["Y", "Z"])
    with translation.override("en"):
        cells = {c.rule: c for c in statuses.rule_cells(r)}
    assert cells["weekly"].count == "1 week missed"
    assert (cells["annual"].label, cells["annual"].count) == ("Not applicable", "")
    assert cells["backbone"].count == ""
    assert cells["new_service"].count == "1 missed, 2 due"
    with translation.override("zh-hans"):
        assert statuses.rule_count(r, "new_service") == "缺 1 项，待 2 项"


def test_the_status_map_imports_without_the_orm():
    root = Path(__file__).resolve().parents[2]
    code = "import sys, compliance.statuses; assert 'django.db' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=root, env={"PATH": "/usr/bin:/bin"}, check=True)


def test_a_launch_still_in_its_48_hours_reads_due_not_done():
    """The rules keep new-service ``ok`` while a launch is inside its window (nothing missed yet); the
    overview must not say 已完成 beside 待 1 项."""
    r = report()
    r.new_service.status, r.new_service.pending[:] = OK, ["eSIM"]
    with translation.override("zh-hans"):
        cell = {c.rule: c for c in statuses.rule_cells(r)}["new_service"]
    assert (cell.code, cell.label, cell.count) == ("pending", "待完成", "待 1 项")
    r.new_service.pending[:] = []
    with translation.override("zh-hans"):
        assert {c.rule: c for c in statuses.rule_cells(r)}["new_service"].label == "已完成"
