from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lms.panels import LANDING, panels_for


@login_required
def landing(request):
    """ "我的": what this user can do, panel by panel, depending on their roles."""
    return render(request, "home/landing.html", {"panels": panels_for(request, page=LANDING)})
