"""What the dashboards show, built from one report (thin layer over the pure core and the selectors)."""

import dataclasses
import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext

from certification.display import cell
from certification.selectors import certification_statuses, programs_active
from evidence.models import Launch
from people.models import Hall, Staff
from trainings.models import TrainingSession

from . import periods, rules
from .selectors import report_build
from .statuses import Badge, badge
from .verdicts import MISSED, NA, OK, PENDING, PersonReport, Report


@dataclass
class Due:
    staff: Staff | None
    what: str
    deadline: datetime.datetime | None
    status: str

    @property
    def badge(self) -> Badge:
        return badge(self.status)


def _launch_names(codes) -> dict[str, str]:
    return dict(Launch.objects.filter(code__in=set(codes)).values_list("code", "name"))


def staff_overview(*, staff: Staff, at: datetime.datetime) -> dict:
    """Return the staff dashboard's facts: this week, the year's count, backbone month, launches, onboarding.

    The report is the year of this week's Monday: on 1–3 January 2027 the running week is 2026's last,
    and so is everything still open (a late-December launch or start in post).
    """
    today = periods.local_day(at)
    report = report_build(
        as_of=at, year=periods.week_monday(today).year, staff=Staff.objects.filter(pk=staff.pk), with_halls=False
    )
    me: PersonReport = report.staff[0]
    week = periods.week_code(today)
    month = periods.month_code(today)
    ns = me.new_service
    names = _launch_names(list(ns.deadlines))
    launches = [
        {
            "code": code,
            "name": names.get(code, code),
            "deadline": deadline,
            "status": "ok" if code in ns.done else (MISSED if code in ns.missed else PENDING),
            "hours_left": max(int((deadline - at).total_seconds() // 3600), 0),
        }
        for code, deadline in ns.deadlines.items()
    ]
    invited = (
        TrainingSession.objects.filter(invitees=staff, ends_at__gte=at)
        .exclude(attendances__staff=staff)
        .order_by("starts_at")[:10]
    )
    return {
        "report": me,
        "week": week,
        "week_done": week in me.weekly.done,
        "standing": rules.week_standing(me.weekly, year=report.year, today=today),
        "backbone_month_done": month in me.backbone.done,
        "month": month,
        "launches": launches,
        "upcoming": list(invited),
        "as_of": at,
    }


def hall_matrix(*, hall: Hall, at: datetime.datetime, year: int | None = None) -> dict:
    """Return the hall's people × weeks of ``year`` (default: the as-of's) with each week's status, the
    hall's weeks and what is due; beside the weeks each person's certification status per active program
    on the as-of's day (four queries more, whatever the number of people).

    The people listed are today's staff of the hall; the hall's weeks count everyone for the hall they
    belonged to on the week's Monday, so the report covers everyone who ever belonged to it.
    """
    staff = Staff.objects.filter(Q(hall=hall) | Q(changes__hall=hall)).distinct()
    people = {s.staff_no: s for s in Staff.objects.filter(hall=hall).select_related("hall")}
    full: Report = report_build(as_of=at, year=year, staff=staff)
    report = dataclasses.replace(
        full,
        staff=[p for p in full.staff if p.staff_no in people],
        halls=[h for h in full.halls if h.hall_code == hall.code],
    )
    weeks = report.weeks
    programs = programs_active()
    certified = (
        certification_statuses(staff=Staff.objects.filter(hall=hall), as_of=at, programs=programs) if programs else {}
    )
    badges = {code: badge(code) for code in (OK, MISSED, PENDING, NA)}
    rows = [
        {
            "staff": people[p.staff_no],
            "report": p,
            "cells": [badges[p.weekly.week_status(w)] for w in weeks],
            "certification": [cell(r) for r in certified.get(people[p.staff_no].pk, ())],
        }
        for p in report.staff
    ]
    due = due_items(report=report, people=people)
    return {
        "weeks": weeks,
        "rows": rows,
        "hall_weeks": report.halls,
        "due": due,
        "year": report.year,
        "programs": programs,
        "legend": list(badges.values()),
    }


def due_items(*, report: Report, people: dict[str, Staff]) -> list[Due]:
    """Return what is pending or missed, person by person, soonest deadline first."""
    out = []
    names = _launch_names(code for p in report.staff for code in p.new_service.deadlines)
    for p in report.staff:
        s = people.get(p.staff_no)
        if p.weekly.pending:
            monday = datetime.date.fromisocalendar(*map(int, p.weekly.pending.replace("W", "").split("-")), 1)
            out.append(
                Due(
                    s,
                    f"{gettext('周培训')} {p.weekly.pending}",
                    periods.day_start(monday + datetime.timedelta(days=7)),
                    PENDING,
                )
            )
        for code in p.new_service.pending + p.new_service.missed:
            status = PENDING if code in p.new_service.pending else MISSED
            out.append(Due(s, f"{gettext('新业务')} {names.get(code, code)}", p.new_service.deadlines[code], status))
        if p.onboarding.status in (PENDING, MISSED):
            out.append(Due(s, gettext("入职安全保密教育"), p.onboarding.deadline, p.onboarding.status))
    far = periods.day_start(datetime.date(report.year + 1, 1, 1))
    return sorted(out, key=lambda d: (d.status != PENDING, d.deadline or far))
