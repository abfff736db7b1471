"""Course views: the lesson progress endpoints and site search (the learner progress report is the admin
report ``courses.reports``).

Views stay thin: they find the lesson among those the user may see (404 otherwise), call a service in
``progress`` and answer JSON for the lesson script or redirect back to the lesson without JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.http import wants_json
from people.selectors import staff_of_user

from . import progress as svc
from .search import site_search
from .selectors import lessons_visible_to


def _lesson_and_staff(request, lesson_id):
    lesson = get_object_or_404(lessons_visible_to(request.user), pk=lesson_id)
    staff = staff_of_user(request.user)
    if staff is None:
        raise Http404
    return lesson, staff


def _answer(request, lesson, *, ok: bool, message: str = "", anchor: str = "lesson-end", **data):
    if wants_json(request):
        return JsonResponse({"ok": ok, "message": message, **data}, status=200 if ok else 400)
    if message:  # shown beside what was pressed (tagged with its anchor), not at the top of the page
        (messages.success if ok else messages.error)(request, message, extra_tags=anchor)
    return redirect(f"{lesson.url}#{anchor}")


@login_required
@require_POST
def lesson_check(request, lesson_id):
    lesson, staff = _lesson_and_staff(request, lesson_id)
    block_id = request.POST.get("block_id", "")
    try:
        choice = int(request.POST.get("choice", ""))
    except ValueError:
        choice = None
    try:
        result = svc.lesson_check_answer(
            staff=staff, lesson=lesson, block_id=block_id, choice=choice, now=timezone.now()
        )
    except svc.ProgressError as e:
        return _answer(request, lesson, ok=False, message=str(e), anchor=f"block-{block_id}")
    if result.correct:
        message = _("回答正确：") + result.feedback
    else:
        message = _("回答有误：%(feedback)s请再选一次。") % {"feedback": result.feedback}
    return _answer(
        request,
        lesson,
        ok=True,
        message=message,
        anchor=f"block-{block_id}",
        correct=result.correct,
        feedback=result.feedback,
    )


@login_required
@require_POST
def lesson_position(request, lesson_id):
    lesson, staff = _lesson_and_staff(request, lesson_id)
    try:
        svc.lesson_position_save(
            staff=staff, lesson=lesson, position=request.POST.get("position", ""), now=timezone.now()
        )
    except svc.ProgressError as e:
        return JsonResponse({"ok": False, "message": str(e)}, status=400)
    return JsonResponse({"ok": True})


@login_required
@require_POST
def lesson_complete(request, lesson_id):
    lesson, staff = _lesson_and_staff(request, lesson_id)
    try:
        svc.lesson_complete(staff=staff, lesson=lesson, now=timezone.now())
    except svc.ReadingTooShort as e:
        return _answer(request, lesson, ok=False, message=str(e), seconds_left=e.seconds_left)
    except svc.ProgressError as e:
        return _answer(request, lesson, ok=False, message=str(e))
    return _answer(request, lesson, ok=True, message=_("本课已完成。"), completed=True)


@login_required
def search(request):
    query = request.GET.get("q", "").strip()[:100]
    return render(request, "courses/search.html", {"query": query, "results": site_search(query) if query else []})
