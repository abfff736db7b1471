"""Front-end pages: my training, the hall matrix, the overview with export.

Every view checks on the server what the user may see (``people.selectors``); another person's hall
answers 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from lms.spreadsheets import rows_csv, rows_xlsx
from people.models import Staff
from people.selectors import halls_visible_to

from . import dashboards, exports, periods
from .forms import OverviewFilter, YearForm
from .selectors import report_build


@login_required
def my_training(request):
    """One "我的培训" page (``home``): check-in, status and notices are its panels. This address stays
    for the links in notices already sent."""
    return redirect("home:my_training")


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
            response = HttpResponse(rows_csv(rows, exports.COLUMNS), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                rows_xlsx(rows, exports.COLUMNS, title="compliance"),
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
