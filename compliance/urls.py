"""Front-end URLs of the compliance app (mounted at /compliance/, beside ``trainings`` and ``notices``)."""

from django.urls import path

from lms.http import moved_to

from . import views

app_name = "compliance"
urlpatterns = [
    path("", views.my_training, name="my_training"),
    path("hall/", views.hall, name="hall"),
    path("hall/<str:code>/", views.hall, name="hall_detail"),
    path("overview/", moved_to("compliance_admin:report"), name="overview"),
]
