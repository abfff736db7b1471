"""The person's two pages, each assembled from the panels the apps register (``lms.panels``)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lms.panels import LANDING, MY_TRAINING, panels_for


@login_required
def landing(request):
    """ "我的": what this user can do, panel by panel, depending on their roles."""
    return render(request, "home/landing.html", {"panels": panels_for(request, page=LANDING)})


@login_required
def my_training(request):
    """ "我的培训": the person's own check-in, status, quizzes, courses and notices."""
    return render(request, "home/my_training.html", {"panels": panels_for(request, page=MY_TRAINING)})
