"""The exam pages of the admin beside the viewsets, at /admin/exams/ (namespace ``exams_admin``)."""

from django.urls import path

from . import admin_assign, admin_views

app_name = "exams_admin"
urlpatterns = [
    path("import/", admin_views.bank_import_view, name="import"),
    path("export/", admin_views.bank_export_view, name="export"),
    path("template.xlsx", admin_views.xlsx_template_view, name="template"),
    path("grading/", admin_views.grading_queue_view, name="grading"),
    path("grading/<int:answer_id>/", admin_views.grade_essay_view, name="grade"),
    path("stats/", admin_views.quiz_stats_list_view, name="stats_list"),
    path("stats/<int:quiz_id>/", admin_views.quiz_stats_view, name="stats"),
    path("preview/<int:question_id>/", admin_views.question_preview_view, name="preview"),
    path("preview/quiz/<int:quiz_id>/", admin_views.quiz_preview_view, name="quiz_preview"),
    path("polls/<int:poll_id>/results/", admin_views.poll_results_view, name="poll_results"),
    path("assign/", admin_assign.quiz_assign_view, name="assign"),
]
