"""The 上岗认证 panel on the person's pages (registered in ``wagtail_hooks``): each program their post
requires with its status, countdown and, on "我的培训", what is left to do with links to it."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import ModulePage
from exams.models import QuizAssignment
from lms.panels import LANDING, MY_TRAINING, Panel
from people.models import Staff
from people.selectors import staff_of_user

from . import display, status
from .models import Certificate
from .selectors import certification_statuses, programs_active, requirements_progress

_PAGES = {LANDING: ("certification/panel.html", 60), MY_TRAINING: ("certification/section.html", 4)}


def certification_panel(request, *, page) -> Panel | None:
    """上岗认证: the programs required for the person's post today (none required: no panel)."""
    if page not in _PAGES:
        return None
    me = staff_of_user(request.user)
    if me is None:
        return None
    now = timezone.now()
    programs = {p.code: p for p in programs_active()}
    if not programs:
        return None
    rows = certification_statuses(staff=Staff.objects.filter(pk=me.pk), as_of=now, programs=programs.values())
    required = [r for r in rows.get(me.pk, []) if r.status != status.NOT_REQUIRED]
    if not required:
        return None
    template, order = _PAGES[page]
    items = [
        {
            "program": programs[r.program],
            "cell": display.cell(r),
            "pdf_url": display.certificate_pdf_url(r.number),
            "todo": _todo(me, programs[r.program], now)
            if page == MY_TRAINING and r.status != status.CERTIFIED
            else None,
        }
        for r in required
    ]
    return Panel(_("上岗认证"), template, {"items": items}, order=order)


def certification_section(request, *, staff) -> Panel:
    """上岗认证 on a staff profile: the status of every active program today, and every certificate they
    hold with its number, state and 上岗证 PDF (not for a revoked one). Five queries."""
    now = timezone.now()
    today = timezone.localdate(now)
    programs = programs_active()
    rows = certification_statuses(staff=Staff.objects.filter(pk=staff.pk), as_of=now, programs=programs)
    names = {p.code: p.name for p in programs}
    statuses = [(names[r.program], display.cell(r)) for r in rows.get(staff.pk, [])]
    certificates = [
        {
            "certificate": c,
            "state": display.certificate_state(
                issued_on=c.issued_on, expires_on=c.expires_on, revoked=c.revoked, day=today
            ),
            "pdf_url": "" if c.revoked else display.certificate_pdf_url(c.number),
        }
        for c in Certificate.objects.filter(staff=staff).select_related("program").order_by("-issued_on", "number")
    ]
    context = {"statuses": statuses, "certificates": certificates}
    return Panel(_("上岗认证"), "certification/profile.html", context, order=10)


def _todo(me, program, now) -> display.Todo:
    """What is left to earn or renew ``program``, with links to the modules and the assigned exam."""
    progress = requirements_progress(staff=me, program=program, as_of=now)
    left = progress.left
    todo = display.Todo(unset=progress.requirements.empty)
    if left.modules:
        pages = ModulePage.objects.live().filter(pk__in=left.modules).order_by("title")
        todo.modules = [(p.title, p.url) for p in pages]
    if left.exam:
        assigned = (
            QuizAssignment.objects.filter(staff=me, quiz_id=program.exam_id, passed_at__isnull=True)
            .order_by("-due_at")
            .first()
        )
        url = reverse("exams:quiz_detail", args=[program.exam_id]) if assigned else ""
        todo.exam = (program.exam.title, url)
        todo.exam_due = assigned.due_at if assigned else None
    if left.practical:
        todo.practical = program.practical_description
    return todo
