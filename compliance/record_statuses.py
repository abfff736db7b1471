"""Rule statuses for PDF records (the ``peixun_rule_statuses`` hook of ``records.documents``).

A transcript or hall report for a period shows each rule as ``compliance_report --year`` gives it for the
year of the period's last day: as of the period's end (or now, if the period has not ended); a period
that ends on 31 December is taken as of now, so the year's windows that run into January are judged too.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import Staff

from . import periods
from .selectors import report_build
from .statuses import rule_cells
from .verdicts import PersonReport


def person_rule_rows(report: PersonReport) -> list[dict]:
    """Return one row per rule (R1–R5) with its status and a short Chinese detail."""
    a, w, b, n, o = report.annual, report.weekly, report.backbone, report.new_service, report.onboarding
    rows = [
        ("weekly", _("R1 每周培训"), w.status, "、".join(w.missed) or (_("本周待完成") if w.pending else "")),
        (
            "annual",
            _("R2 年度计划培训"),
            a.status,
            _("%(y)s 年 %(c)s/%(r)s 次，集中 %(cc)s/%(cr)s 次")
            % {"y": a.year, "c": a.count, "r": a.required, "cc": a.centralized, "cr": a.centralized_required},
        ),
        ("backbone", _("R3 骨干每月培训"), b.status, "、".join(b.missed)),
        ("new_service", _("R4 新业务 48 小时内培训"), n.status, "、".join([*n.missed, *n.pending])),
        ("onboarding", _("R5 入职安全保密教育"), o.status, ""),
    ]
    cells = {cell.rule: cell for cell in rule_cells(report)}  # the overview's reading (a launch in its 48 h: 待完成)
    return [
        {"rule": key, "label": label, "status": cells[key].code, "status_label": cells[key].label, "detail": d}
        for key, label, _raw, d in rows
    ]


def rule_statuses(staff_list: list[Staff], *, start: datetime.date, end: datetime.date) -> dict[int, list[dict]]:
    """Evaluate the rules for these people at the end of ``start``..``end`` (capped at now)."""
    if not staff_list:
        return {}
    now = timezone.now()
    year_end = end.month == 12 and end.day == 31
    as_of = now if year_end else min(periods.day_start(end + datetime.timedelta(days=1)), now)
    year = min(end.year, periods.local_day(as_of).year)
    report = report_build(
        as_of=as_of,
        year=year,
        staff=Staff.objects.filter(pk__in=[s.pk for s in staff_list]),
        with_halls=False,
        evidence=False,
    )
    by_no = {s.staff_no: s.pk for s in staff_list}
    return {by_no[p.staff_no]: person_rule_rows(p) for p in report.staff if p.staff_no in by_no}
