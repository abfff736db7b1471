"""Front-end URLs of the compliance app (mounted at /compliance/, beside ``trainings`` and ``notices``)."""

from django.urls import path

from . import views

app_name = "compliance"
urlpatterns = [
    path("", views.my_training, name="my_training"),
    path("hall/", views.hall, name="hall"),
    path("hall/<path:code>/", views.hall, name="hall_detail"),
    path("overview/", views.overview, name="overview"),
]
