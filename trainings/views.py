"""Front-end pages of training sessions: the list, a new session, the sign-in sheet, self check-in.

Every view checks on the server what the user may see (``trainings.selectors.sessions_visible_to``,
``people.selectors``); a session outside the user's scope answers 404, and so do these pages for staff
without an organiser role (their sessions are on 我的培训). The addresses stay under /compliance/ (bookmarks and printed sheets name them).
"""

from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people import roles
from people.selectors import halls_visible_to, staff_of_user, staff_visible_to

from .filters import SessionFilter
from .forms import CheckInForm, SessionForm
from .models import Attendance, AttendanceMethod, TrainingSession
from .selectors import session_list, sessions_visible_to
from .services import (
    CheckInError,
    attendance_check_in,
    attendance_record,
    attendance_remove,
    attendance_score_set,
    session_create,
    session_invite,
)

PER_PAGE = 25


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


def _visible_session(request, pk) -> TrainingSession:
    """Return a session in the user's scope (``sessions_visible_to``); others answer 404."""
    return get_object_or_404(sessions_visible_to(request.user).select_related("trainer"), pk=pk)


def _may_edit(user, session: TrainingSession) -> bool:
    """The sheet is written by the session's trainer or HR; other organisers in scope read it."""
    return session.trainer_id == user.pk or roles.has_role(user, roles.HR)


@login_required
def sessions(request):
    """The organisers' sessions in their scope, newest first, filtered by hall, dates and kind, 25 a page."""
    _organiser(request)
    filters = SessionFilter(
        request.GET or None, queryset=sessions_visible_to(request.user), halls=halls_visible_to(request.user)
    )
    page = Paginator(session_list(sessions=filters.qs), PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode([(k, v) for k, v in request.GET.items() if v and k != "page"])
    return render(request, "trainings/sessions.html", {"filter": filters, "page": page, "query": query})


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
    """The sign-in sheet on a phone: tick who is present, enter scores (the session's trainer or HR); other
    organisers in scope read it, with the people they may see."""
    session = _visible_session(request, pk)
    editable = _may_edit(request.user, session)
    invitees = session.invitees.select_related("hall").order_by("hall__code", "staff_no")
    if not editable:
        invitees = invitees.filter(pk__in=staff_visible_to(request.user).values("pk"))
    invitees = list(invitees)
    present = {a.staff_id: a for a in Attendance.objects.filter(session=session).select_related("staff__hall")}
    invited = {p.pk for p in invitees}
    visible = set(staff_visible_to(request.user).values_list("pk", flat=True)) if not editable else None
    walk_ins = sorted(
        (a.staff for a in present.values() if a.staff_id not in invited and (editable or a.staff_id in visible)),
        key=lambda s: (s.hall.code, s.staff_no),
    )
    if request.method == "POST" and not editable:
        raise PermissionDenied
    if request.method == "POST" and "invite" in request.POST:
        return _invite(request, session)
    if request.method == "POST":
        ticked = {int(x) for x in request.POST.getlist("present") if x.isdigit()}
        bad = []
        for person in [*invitees, *walk_ins]:
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
    rows = [(p, present.get(p.pk)) for p in [*invitees, *walk_ins]]
    context = {"session": session, "rows": rows, "running": session.is_running(timezone.now()), "editable": editable}
    return render(request, "trainings/session_sheet.html", context)
