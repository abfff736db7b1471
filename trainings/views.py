"""Front-end pages of training sessions: the list, a new session, the sign-in sheet, self check-in.

Every view checks on the server what the user may see (``people.selectors``); another person's
session answers 404. The addresses stay under /compliance/ (bookmarks and printed sheets name them).
"""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people import roles
from people.selectors import halls_visible_to, staff_of_user, staff_visible_to

from .forms import CheckInForm, SessionForm
from .models import Attendance, AttendanceMethod, TrainingSession
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
    return redirect("home:my_training")


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
    return render(request, "trainings/sessions.html", {"sessions": qs.order_by("-starts_at")[:100]})


@login_required
def session_new(request):
    _organiser(request)
    halls = halls_visible_to(request.user)
    form = SessionForm(request.POST or None, halls=halls)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "halls"}
        session = session_create(trainer=request.user, halls=form.cleaned_data["halls"], **fields)
        messages.success(request, _("已创建培训并通知 %(n)d 人。") % {"n": session.invitees.count()})
        return redirect("trainings:session_sheet", pk=session.pk)
    return render(request, "trainings/session_form.html", {"form": form})


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
    return redirect("trainings:session_sheet", pk=session.pk)


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
                    session=session, staff=person, method=AttendanceMethod.SHEET, score=score, actor=request.user
                )
                if attendance.score != score:
                    attendance_score_set(attendance=attendance, score=score, actor=request.user)
            elif person.pk in present:
                attendance_remove(session=session, staff=person, actor=request.user)
        if bad:
            messages.error(
                request, _("以下人员的成绩无效（0–1000）：%(names)s") % {"names": "、".join(p.name for p in bad)}
            )
        else:
            messages.success(request, _("签到表已保存。"))
        return redirect("trainings:session_sheet", pk=session.pk)
    rows = [(p, present.get(p.pk)) for p in invitees]
    return render(
        request,
        "trainings/session_sheet.html",
        {"session": session, "rows": rows, "running": session.is_running(timezone.now())},
    )
