"""Front-end pages: my training and the hall matrix (the overview is the admin report ``compliance.reports``).

Every view checks on the server what the user may see (``people.selectors``); another person's hall
answers 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from people.selectors import halls_visible_to

from . import dashboards
from .forms import YearForm, year_nav


@login_required
def my_training(request):
    """One "我的培训" page (``home``): check-in, status and notices are its panels. This address stays
    for the links in notices already sent."""
    return redirect("home:my_training")


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
    nav = year_nav(form)
    context = dashboards.hall_matrix(hall=hall, at=timezone.now(), year=nav["year"])
    return render(request, "compliance/hall.html", context | nav | {"hall": hall, "halls": halls, "form": form})
