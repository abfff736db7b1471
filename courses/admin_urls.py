"""The assignment page of the admin, at /admin/courses/ (namespace ``courses_admin``)."""

from django.urls import path

from . import admin_views

app_name = "courses_admin"
urlpatterns = [path("assign/", admin_views.assign_module, name="assign")]
