"""Course views: the lesson progress endpoints, site search, and the learner progress report.

Views stay thin: they find the lesson among those the user may see (404 otherwise), call a service in
``progress`` and answer JSON for the lesson script or redirect back to the lesson without JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.http import wants_json
from lms.spreadsheets import rows_csv
from people import roles
from people.selectors import halls_visible_to, staff_of_user

from . import learner_progress as report
from . import progress as svc
from .forms import ProgressFilter
from .models import CourseIndexPage, ModulePage
from .search import site_search
from .selectors import learner_progress, lessons_visible_to, modules_in_catalogue

PEOPLE_PER_PAGE = 50


def _lesson_and_staff(request, lesson_id):
    lesson = get_object_or_404(lessons_visible_to(request.user), pk=lesson_id)
    staff = staff_of_user(request.user)
    if staff is None:
        raise Http404
    return lesson, staff


def _answer(request, lesson, *, ok: bool, message: str = "", anchor: str = "lesson-end", **data):
    if wants_json(request):
        return JsonResponse({"ok": ok, "message": message, **data}, status=200 if ok else 400)
    if message:
        (messages.success if ok else messages.error)(request, message)
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
    verdict = _("回答正确：") if result.correct else _("回答有误：")
    return _answer(
        request,
        lesson,
        ok=True,
        message=f"{verdict}{result.feedback}",
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


@login_required
def progress_report(request):
    """学员学习进度: the assigned modules and module quizzes of the people in the user's scope.

    HR, hall managers and trainers only (others: 404); ``?export=csv`` downloads the rows shown.
    """
    if not roles.is_organiser(request.user):
        raise Http404
    catalogue = CourseIndexPage.objects.first()
    modules = modules_in_catalogue(catalogue) if catalogue else ModulePage.objects.none()
    form = ProgressFilter(request.GET or None, halls=halls_visible_to(request.user), modules=modules)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    rows = learner_progress(user=request.user, today=today, hall=data.get("hall"), module=data.get("module"))
    people = report.by_person(rows)
    if data.get("overdue"):
        people = [(person, mine) for person, mine in people if any(r.overdue for r in mine)]
    if request.GET.get("export") == "csv":
        shown = [r for _person, mine in people for r in mine]
        body = rows_csv(report.export_rows(shown, tz=timezone.get_current_timezone()), report.CSV_COLUMNS)
        response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="learner-progress-{today.isoformat()}.csv"'
        return response
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "summaries": report.module_summaries(rows),
        "page": page,
        "people_count": len(people),
        "query": query.urlencode(),
        "today": today,
    }
    return render(request, "courses/progress_report.html", context)
