from django.urls import path

from . import views

app_name = "records"
urlpatterns = [
    path("records/transcripts/<path:staff_no>/", views.transcript_download, name="transcript"),
    path("records/halls/<path:code>/report/", views.hall_report_download, name="hall_report"),
    path("records/appraisals/<int:pk>/", views.appraisal_download, name="appraisal"),
    path("records/sessions/<int:pk>/", views.session_record_download, name="session_record"),
    path("records/exports/", views.export_list, name="exports"),
    path("records/exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("records/exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
