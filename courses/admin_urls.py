"""The admin pages of courses, at /admin/courses/ (namespace ``courses_admin``): assigning modules and the
learner progress report."""

from django.urls import path

from . import admin_views
from .reports import ProgressReportView

app_name = "courses_admin"
urlpatterns = [
    path("assign/", admin_views.assign_module, name="assign"),
    path("progress/", ProgressReportView.as_view(), name="progress"),
    path("progress/results/", ProgressReportView.as_view(results_only=True), name="progress_results"),
]
