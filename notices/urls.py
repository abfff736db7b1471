"""Front-end URLs of notices, mounted at /compliance/ where they have always been."""

from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("notifications/read/", views.notifications_read, name="read"),
]
