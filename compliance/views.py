"""Front-end pages: my training, the hall matrix, the overview with export, sessions, sheet, check-in.

Every view checks on the server what the user may see (``people.selectors``); another person's
session or hall answers 404.
"""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people import roles
from people.models import Staff
from people.selectors import halls_visible_to, staff_of_user, staff_visible_to

from . import dashboards, exports, periods
from .forms import CheckInForm, OverviewFilter, SessionForm, YearForm
from .models import Attendance, AttendanceMethod, Notification, TrainingSession
from .selectors import report_build
from .services import (
    CheckInError,
    attendance_check_in,
    attendance_record,
    attendance_remove,
    attendance_score_set,
    session_create,
    session_invite,
)


@login_required
def my_training(request):
    """One "我的培训" page: check-in, status and notices are sections of the courses page. This address
    stays for the links in notices already sent."""
    return redirect("courses:my_training")


@login_required
@require_POST
def check_in(request):
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            attendance = attendance_check_in(
                staff=staff_of_user(request.user), code=form.cleaned_data["code"], at=timezone.now()
            )
        except CheckInError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("签到成功：%(topic)s") % {"topic": attendance.session.topic})
    else:
        messages.error(request, _("请输入签到码。"))
    return redirect("courses:my_training")


@login_required
@require_POST
def notifications_read(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("courses:my_training")


def _year_nav(form) -> dict:
    """Return the page's year (``?year=``, default this year) and, in January, the year just closed."""
    today = periods.local_day(timezone.now())
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or today.year
    return {"year": year, "this_year": today.year, "closed_year": today.year - 1 if today.month == 1 else None}


@login_required
def hall(request, code=None):
    halls = halls_visible_to(request.user).select_related("branch")
    if code is None:
        first = halls.first()
        if first is None:
            raise Http404
        return redirect("compliance:hall_detail", code=first.code)
    hall = get_object_or_404(halls, code=code)
    form = YearForm(request.GET or None)
    nav = _year_nav(form)
    context = dashboards.hall_matrix(hall=hall, at=timezone.now(), year=nav["year"])
    return render(request, "compliance/hall.html", context | nav | {"hall": hall, "halls": halls, "form": form})


def _failing(report, rule: str, only_missed: bool):
    for p in report.staff:
        if only_missed and p.compliant:
            continue
        if rule and getattr(p, rule).status != "missed":
            continue
        yield p


@login_required
def overview(request):
    """Branches → halls → people, filtered; ``?export=csv|xlsx`` downloads the people shown."""
    halls = halls_visible_to(request.user)
    if not halls.exists():
        raise Http404
    form = OverviewFilter(request.GET or None, halls=halls)
    data = form.cleaned_data if form.is_valid() else {}
    nav = _year_nav(form)
    export = request.GET.get("export")
    if export in ("csv", "xlsx") and form.is_bound and not form.is_valid():
        errors = [str(e) for errs in form.errors.values() for e in errs]
        return HttpResponseBadRequest("\n".join(errors), content_type="text/plain; charset=utf-8")
    staff = Staff.objects.filter(hall__in=halls)
    if data.get("branch"):
        staff = staff.filter(hall__branch=data["branch"])
    if data.get("hall"):
        staff = staff.filter(hall=data["hall"])
    report = report_build(as_of=timezone.now(), year=nav["year"], staff=staff, with_halls=False, evidence=False)
    shown = list(_failing(report, data.get("missed") or "", bool(data.get("only_missed"))))
    if export in ("csv", "xlsx"):
        rows = exports.report_rows(report, {p.staff_no for p in shown})
        stamp = f"{report.year}-{timezone.localdate().isoformat()}"
        if export == "csv":
            response = HttpResponse(exports.rows_csv(rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                exports.rows_xlsx(rows),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="compliance-{stamp}.{export}"'
        return response
    info = {s.staff_no: s for s in staff.select_related("hall", "hall__branch")}
    groups: dict = {}
    for p in report.staff:
        s = info[p.staff_no]
        branch = groups.setdefault(s.hall.branch, {})
        counts = branch.setdefault(s.hall, {"total": 0, "bad": 0})
        counts["total"] += 1
        counts["bad"] += 0 if p.compliant else 1
    people = [(info[p.staff_no], p) for p in shown] if data.get("hall") or data.get("branch") else []
    return render(
        request,
        "compliance/overview.html",
        {"form": form, "groups": groups, "people": people, "query": request.GET.urlencode()} | nav,
    )


def _organiser(request):
    if not roles.is_organiser(request.user):
        raise Http404


def _my_session(request, pk):
    """Return a session the user may run: its trainer, or HR."""
    qs = TrainingSession.objects.all()
    if not roles.has_role(request.user, roles.HR):
        qs = qs.filter(trainer=request.user)
    return get_object_or_404(qs, pk=pk)


@login_required
def sessions(request):
    _organiser(request)
    qs = TrainingSession.objects.annotate(
        n_invited=Count("invitees", distinct=True), n_present=Count("attendances", distinct=True)
    )
    if not roles.has_role(request.user, roles.HR):
        qs = qs.filter(trainer=request.user)
    return render(request, "compliance/sessions.html", {"sessions": qs.order_by("-starts_at")[:100]})


@login_required
def session_new(request):
    _organiser(request)
    halls = halls_visible_to(request.user)
    form = SessionForm(request.POST or None, halls=halls)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "halls"}
        session = session_create(trainer=request.user, halls=form.cleaned_data["halls"], **fields)
        messages.success(request, _("已创建培训并通知 %(n)d 人。") % {"n": session.invitees.count()})
        return redirect("compliance:session_sheet", pk=session.pk)
    return render(request, "compliance/session_form.html", {"form": form})


def _invite(request, session):
    """Invite more people by staff number (only people the user may see); unknown numbers are listed."""
    numbers = {n for n in request.POST.get("invite", "").replace(",", " ").replace("，", " ").split() if n}
    found = list(staff_visible_to(request.user).filter(staff_no__in=numbers))
    unknown = sorted(numbers - {s.staff_no for s in found})
    if unknown or not numbers:
        messages.error(request, _("找不到这些工号（或无权查看）：%(nos)s") % {"nos": "、".join(unknown) or "—"})
    else:
        session_invite(session=session, staff=found)
        messages.success(request, _("已邀请并通知 %(n)d 人。") % {"n": len(found)})
    return redirect("compliance:session_sheet", pk=session.pk)


def _score(text: str) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    value = Decimal(text)
    if not value.is_finite() or not 0 <= value <= 1000:
        raise InvalidOperation
    return value


@login_required
def session_sheet(request, pk):
    """The sign-in sheet on a phone: tick who is present, enter scores; the trainer or HR only."""
    session = _my_session(request, pk)
    invitees = list(session.invitees.select_related("hall").order_by("hall__code", "staff_no"))
    present = {a.staff_id: a for a in Attendance.objects.filter(session=session)}
    if request.method == "POST" and "invite" in request.POST:
        return _invite(request, session)
    if request.method == "POST":
        ticked = {int(x) for x in request.POST.getlist("present") if x.isdigit()}
        bad = []
        for person in invitees:
            raw = request.POST.get(f"score-{person.pk}", "")
            try:
                score = _score(raw)
            except InvalidOperation:
                bad.append(person)
                continue
            if person.pk in ticked:
                attendance = present.get(person.pk) or attendance_record(
                    session=session, staff=person, method=AttendanceMethod.SHEET, score=score
                )
                if attendance.score != score:
                    attendance_score_set(attendance=attendance, score=score)
            elif person.pk in present:
                attendance_remove(session=session, staff=person)
        if bad:
            messages.error(
                request, _("以下人员的成绩无效（0–1000）：%(names)s") % {"names": "、".join(p.name for p in bad)}
            )
        else:
            messages.success(request, _("签到表已保存。"))
        return redirect("compliance:session_sheet", pk=session.pk)
    rows = [(p, present.get(p.pk)) for p in invitees]
    return render(
        request,
        "compliance/session_sheet.html",
        {"session": session, "rows": rows, "running": session.is_running(timezone.now())},
    )
