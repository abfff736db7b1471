"""The data of each document, as plain JSON-able dicts built in a fixed number of queries.

The data dict is three things at once: the template's main context, the JSON attached to the PDF/A
file, and (hashed) the cache key. Anything that changes per rendering (code, time) is kept out of it.

Rule statuses come from the compliance engine through the ``peixun_rule_statuses`` hook: a function
``fn(staff_list, *, start, end) -> {staff_id: [{"rule", "label", "status", "status_label", "detail"}]}``
(``status``: met / missed / pending / in_progress / n/a). Until one is registered, transcripts and hall
reports show the events and no rule section at all: no status is ever invented here.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from certification import display
from certification.labels import TONES, status_label
from certification.models import Certificate
from certification.selectors import certification_statuses, programs_active
from certification.status import NOT_REQUIRED
from evidence.models import TrainingEvent
from exams import results as quiz_results
from people.models import Hall, Staff
from trainings.models import Attendance, TrainingSession

from .charts import bar_chart_svg, score_trend_svg
from .models import Appraisal, DocumentKind
from .selectors import staff_employed_between

RULES_HOOK = "peixun_rule_statuses"
# Colours as on the compliance overview: done green, in progress blue, missed red, pending amber, n/a grey.
STATUS_CSS = {"met": "met", "in_progress": "progress", "missed": "missed", "pending": "pending", "n/a": "na"}
CERTIFICATION_CSS = {"ok": "met", "bad": "missed", "warn": "pending", "none": "na"}
QUIZ_CSS = {quiz_results.PASSED: "met", quiz_results.FAILED: "missed"}


@dataclass
class DocumentSpec:
    """What to render: everything ``services.document_render`` needs, no ORM objects in ``data``."""

    kind: str
    subject_key: str
    title: str
    template: str
    data: dict
    summary: dict
    staff_id: int | None = None
    hall_id: int | None = None
    extra_context: dict = field(default_factory=dict)


def _local_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_default_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return lo, hi


def _staff_data(staff: Staff) -> dict:
    return {
        "id": staff.pk,
        "name": staff.name,
        "staff_no": staff.staff_no,
        "hall": staff.hall.name,
        "hall_code": staff.hall.code,
        "branch": staff.hall.branch.name,
        "post": staff.get_post_display(),
        "is_backbone": staff.is_backbone,
        "hired_on": staff.hired_on.isoformat(),
        "left_on": staff.left_on.isoformat() if staff.left_on else None,
    }


def _event_data(event: TrainingEvent) -> dict:
    return {
        "date": timezone.localtime(event.occurred_at).date().isoformat(),
        "kind": event.get_kind_display(),
        "topic": event.topic,
        "source": event.get_source_display(),
        "score": None if event.score is None else float(event.score),
    }


def events_by_staff(staff_ids: list[int], *, start: datetime.date, end: datetime.date) -> dict[int, list]:
    """Return each person's events of the period, oldest first, in one query."""
    lo, hi = _local_bounds(start, end)
    found = defaultdict(list)
    rows = TrainingEvent.objects.filter(staff_id__in=staff_ids, occurred_at__gte=lo, occurred_at__lt=hi)
    for event in rows.order_by("occurred_at", "pk"):
        found[event.staff_id].append(event)
    return found


def quizzes_by_staff(staff_ids: list[int], *, start: datetime.date, end: datetime.date) -> dict[int, list[dict]]:
    """Return each person's quiz assignments due in the period, oldest first, with the final grade and whether
    it was passed, as the archive's score sheet has them (``exams.results``); two queries."""
    lo, hi = _local_bounds(start, end)
    labels = {quiz_results.PASSED: _("通过"), quiz_results.FAILED: _("未通过"), quiz_results.OPEN: _("未截止")}
    found = quiz_results.assignment_results(staff_ids=staff_ids, now=timezone.now(), due_from=lo, due_before=hi)
    return {
        staff_id: [
            {
                "quiz": r.quiz.title,
                "period": r.period,
                "due": timezone.localtime(r.assignment.due_at).date().isoformat(),
                "attempts": r.used,
                "grade": r.grade,
                "passed": r.outcome == quiz_results.PASSED,
                "outcome": labels[r.outcome],
                "css": QUIZ_CSS.get(r.outcome, "other"),
            }
            for r in reversed(rows)
        ]
        for staff_id, rows in found.items()
    }


def rule_statuses(staff_list: list[Staff], *, start: datetime.date, end: datetime.date) -> dict[int, list] | None:
    """Return rule statuses per staff id from the registered compliance adapter, or None if there is none."""
    adapters = hooks.get_hooks(RULES_HOOK)
    if not adapters:
        return None
    merged: dict[int, list] = defaultdict(list)
    for adapter in adapters:
        for staff_id, rows in adapter(staff_list, start=start, end=end).items():
            merged[staff_id].extend(rows)
    return merged


def certification_by_staff(staff_ids: list[int], *, day: datetime.date) -> dict[int, list[dict]]:
    """Return each person's 上岗认证 on ``day``: every active program required for their post (or of which
    they hold a certificate) with its status and the certificate history, oldest first. One query when no
    program is active, five otherwise, whatever the number of people."""
    programs = programs_active()
    if not programs:
        return {}
    statuses = certification_statuses(staff=Staff.objects.filter(pk__in=staff_ids), as_of=day, programs=programs)
    history = defaultdict(list)
    rows = (
        Certificate.objects.filter(staff_id__in=staff_ids, program__in=programs, issued_on__lte=day)
        .order_by("issued_on", "pk")
        .values_list(
            "staff_id", "program__code", "number", "source", "issued_on", "expires_on", "revoked_at", "revoke_reason"
        )
    )
    sources = dict(Certificate._meta.get_field("source").choices)
    for sid, code, number, source, issued_on, expires_on, revoked_at, reason in rows:
        state = display.certificate_state(
            issued_on=issued_on, expires_on=expires_on, revoked=revoked_at is not None, day=day
        )
        history[(sid, code)].append(
            {
                "number": number,
                "source": str(sources.get(source, source)),
                "issued_on": issued_on.isoformat(),
                "expires_on": expires_on.isoformat(),
                "state": state,
                "revoked_on": _local_text(revoked_at, "%Y-%m-%d"),
                "revoke_reason": reason,
            }
        )
    names = {p.code: p.name for p in programs}
    out = {}
    for sid, rows in statuses.items():
        out[sid] = [
            {
                "code": r.program,
                "name": names[r.program],
                "status": r.status,
                "status_label": status_label(r.status),
                "css": CERTIFICATION_CSS[TONES[r.status]],
                "number": r.number,
                "issued_on": r.issued_on.isoformat() if r.issued_on else None,
                "expires_on": r.expires_on.isoformat() if r.expires_on else None,
                "grace_ends_on": r.grace_ends_on.isoformat() if r.grace_ends_on else None,
                "history": history.get((sid, r.program), []),
            }
            for r in rows
            if r.status != NOT_REQUIRED or (sid, r.program) in history
        ]
    return out


def transcript_specs(staff_list: list[Staff], *, start: datetime.date, end: datetime.date) -> list[DocumentSpec]:
    """Return the transcript of each person (staff loaded with hall and branch) for ``start``..``end``;
    the 上岗认证 section stands on the period's last day (today while it runs)."""
    events = events_by_staff([s.pk for s in staff_list], start=start, end=end)
    quizzes = quizzes_by_staff([s.pk for s in staff_list], start=start, end=end)
    rules = rule_statuses(staff_list, start=start, end=end)
    certified = certification_by_staff([s.pk for s in staff_list], day=min(end, timezone.localdate()))
    specs = []
    for staff in staff_list:
        rows = [_event_data(e) for e in events.get(staff.pk, [])]
        scores = [r["score"] for r in rows if r["score"] is not None]
        data = {
            "staff": _staff_data(staff),
            "period": {"start": start.isoformat(), "end": end.isoformat()},
            "summary": {"count": len(rows), "average": round(sum(scores) / len(scores), 1) if scores else None},
            "events": rows,
            "quizzes": quizzes.get(staff.pk, []),
            "rules": None if rules is None else [_rule_row(r) for r in rules.get(staff.pk, [])],
            "certification": certified.get(staff.pk, []),
        }
        specs.append(
            DocumentSpec(
                kind=DocumentKind.TRANSCRIPT,
                subject_key=f"transcript:{staff.pk}:{start.isoformat()}:{end.isoformat()}",
                title=f"{_('员工培训档案')} {staff.name} {start.isoformat()}–{end.isoformat()}",
                template="records/transcript.html",
                data=data,
                summary={"name": staff.name, "staff_no": staff.staff_no, "hall": staff.hall.name, **data["period"]},
                staff_id=staff.pk,
                hall_id=staff.hall_id,
            )
        )
    return specs


def _rule_row(row: dict) -> dict:
    return {**row, "css": STATUS_CSS.get(row.get("status"), "na"), "status_label": row.get("status_label", "")}


def appraisal_spec(appraisal: Appraisal) -> DocumentSpec:
    """Return the appraisal document of this version (exam scores are the person's scored events)."""
    staff = Staff.objects.select_related("hall", "hall__branch").get(pk=appraisal.staff_id)
    events = events_by_staff([staff.pk], start=appraisal.period_start, end=appraisal.period_end).get(staff.pk, [])
    scores = [_event_data(e) for e in events if e.score is not None]
    data = {
        "staff": _staff_data(staff),
        "version": appraisal.version,
        "trainer": appraisal.trainer.get_full_name() or appraisal.trainer.get_username(),
        "period": {"start": appraisal.period_start.isoformat(), "end": appraisal.period_end.isoformat()},
        "items": [
            {"item": i.item, "category": i.get_category_display(), "done": i.done} for i in appraisal.items.all()
        ],
        "attendance": {
            "planned": appraisal.sessions_planned,
            "attended": appraisal.sessions_attended,
            "note": appraisal.attendance_note,
        },
        "scores": scores,
        "text": appraisal.text,
        "rating": appraisal.get_rating_display(),
        "status": appraisal.get_status_display(),
        "signed_by": _user_name(appraisal.signed_by) if appraisal.signed_by_id else None,
        "signed_at": timezone.localtime(appraisal.signed_at).strftime("%Y-%m-%d %H:%M")
        if appraisal.signed_at
        else None,
    }
    points = [(s["date"][5:], s["score"]) for s in scores]
    return DocumentSpec(
        kind=DocumentKind.APPRAISAL,
        subject_key=f"appraisal:{appraisal.series}",
        title=f"{_('学员综合评定')} {staff.name} v{appraisal.version}",
        template="records/appraisal.html",
        data=data,
        summary={"name": staff.name, "staff_no": staff.staff_no, "version": appraisal.version, **data["period"]},
        staff_id=staff.pk,
        hall_id=staff.hall_id,
        extra_context={"chart_svg": score_trend_svg(points)},
    )


def _user_name(user) -> str:
    return user.get_full_name() or user.get_username()


def hall_report_spec(hall: Hall, *, start: datetime.date, end: datetime.date) -> DocumentSpec:
    """Return the hall's training report for ``start``..``end``: everyone employed in it, with charts."""
    people = list(staff_employed_between(start=start, end=end).filter(hall=hall).select_related("hall", "hall__branch"))
    events = events_by_staff([s.pk for s in people], start=start, end=end)
    rules = rule_statuses(people, start=start, end=end)
    rows, per_month, per_kind = [], defaultdict(int), defaultdict(int)
    for staff in people:
        mine = [_event_data(e) for e in events.get(staff.pk, [])]
        scores = [e["score"] for e in mine if e["score"] is not None]
        for e in mine:
            per_month[e["date"][:7]] += 1
            per_kind[e["kind"]] += 1
        statuses = None if rules is None else [r.get("status") for r in rules.get(staff.pk, [])]
        rows.append(
            {
                "name": staff.name,
                "staff_no": staff.staff_no,
                "post": staff.get_post_display(),
                "count": len(mine),
                "average": round(sum(scores) / len(scores), 1) if scores else None,
                "last": mine[-1]["date"] if mine else None,
                "compliant": None if statuses is None else "missed" not in statuses,
            }
        )
    months = _months(start, end)
    data = {
        "hall": {"code": hall.code, "name": hall.name, "branch": hall.branch.name},
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "people": rows,
        "per_month": [[m, per_month.get(m, 0)] for m in months],
        "per_kind": sorted(([k, v] for k, v in per_kind.items()), key=lambda kv: -kv[1]),
        "totals": {"people": len(rows), "events": sum(r["count"] for r in rows)},
        "has_rules": rules is not None,
    }
    return DocumentSpec(
        kind=DocumentKind.HALL_REPORT,
        subject_key=f"hall_report:{hall.pk}:{start.isoformat()}:{end.isoformat()}",
        title=f"{_('营业厅培训报告')} {hall.name} {start.isoformat()}–{end.isoformat()}",
        template="records/hall_report.html",
        data=data,
        summary={"hall": hall.name, **data["period"]},
        hall_id=hall.pk,
        extra_context={
            "month_chart": bar_chart_svg([(m[5:], n) for m, n in data["per_month"]]),
            "kind_chart": bar_chart_svg([(k, n) for k, n in data["per_kind"]]),
        },
    )


def _months(start: datetime.date, end: datetime.date) -> list[str]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day.strftime("%Y-%m"))
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def _local_text(at: datetime.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str | None:
    return timezone.localtime(at).strftime(fmt) if at else None


def _score(value) -> float | None:
    return None if value is None else float(value)


def _session_end(session: TrainingSession) -> str | None:
    """The end as printed after the start: none for imported sessions without a duration, else the time
    alone when it ends on the day it started."""
    if session.ends_at == session.starts_at:
        return None
    same_day = timezone.localtime(session.starts_at).date() == timezone.localtime(session.ends_at).date()
    return _local_text(session.ends_at, "%H:%M" if same_day else "%Y-%m-%d %H:%M")


def session_record_spec(session: TrainingSession) -> DocumentSpec:
    """Return the 培训记录表 of ``session``: its facts, every invitee's sign-in and score, blank signatures.

    People who signed in without an invitation are listed too, after the invitees: the form records
    who was there. Five queries whatever the number of people.
    """
    session = TrainingSession.objects.select_related("trainer").get(pk=session.pk)
    halls = list(session.halls.select_related("branch").order_by("code"))
    materials = [m.title for m in session.materials.order_by("title")]
    invitees = list(session.invitees.select_related("hall").order_by("hall__code", "staff_no"))
    present = {a.staff_id: a for a in Attendance.objects.filter(session=session).select_related("staff__hall")}
    invited_ids = {s.pk for s in invitees}
    walk_ins = sorted((a.staff for a in present.values() if a.staff_id not in invited_ids), key=lambda s: s.staff_no)
    rows = []
    for staff in [*invitees, *walk_ins]:
        att = present.get(staff.pk)
        rows.append(
            {
                "name": staff.name,
                "staff_no": staff.staff_no,
                "hall": staff.hall.name,
                "invited": staff.pk in invited_ids,
                "present": att is not None,
                "checked_in_at": _local_text(att.checked_in_at, "%H:%M") if att else None,
                "method": att.get_method_display() if att else None,
                "score": _score(att.score) if att else None,
            }
        )
    scores = [r["score"] for r in rows if r["score"] is not None]
    trainer = _user_name(session.trainer) if session.trainer_id else session.trainer_name
    data = {
        "session": {
            "id": session.pk,
            "topic": session.topic,
            "kind": session.get_kind_display(),
            "trainer": trainer,
            "starts_at": _local_text(session.starts_at),
            "ends_at": _session_end(session),
            "place": session.place,
            "halls": [h.name for h in halls],
            "notes": session.notes,
            "materials": materials,
        },
        "attendees": rows,
        "counts": {
            "invited": len(invitees),
            "attended": len(present),
            "absent": sum(1 for r in rows if not r["present"]),
            "scored": len(scores),
            "average": round(sum(scores) / len(scores), 1) if scores else None,
        },
    }
    return DocumentSpec(
        kind=DocumentKind.SESSION_RECORD,
        subject_key=f"session_record:{session.pk}",
        title=f"{_('培训记录表')} {session.topic} {timezone.localtime(session.starts_at):%Y-%m-%d}",
        template="records/session_record.html",
        data=data,
        summary={"topic": session.topic, "trainer": trainer, "starts_at": data["session"]["starts_at"]},
        hall_id=halls[0].pk if len(halls) == 1 else None,
    )
