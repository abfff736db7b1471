from django.urls import path

from . import badge_views, views

app_name = "records"
urlpatterns = [
    path("records/transcripts/<path:staff_no>/", views.transcript_download, name="transcript"),
    path("records/hall-reports/", views.hall_report_choose, name="hall_reports"),
    path("records/halls/<path:code>/report/", views.hall_report_download, name="hall_report"),
    path("records/appraisals/<int:pk>/", views.appraisal_download, name="appraisal"),
    path("records/sessions/<int:pk>/", views.session_record_download, name="session_record"),
    path("records/exports/", views.export_list, name="exports"),
    path("records/exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("records/exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("records/certificates/<str:number>/", views.certificate_pdf, name="certificate_pdf"),
    path("records/certificates/<str:number>/badge/", views.certificate_badge, name="certificate_badge"),
    path("verify/", badge_views.badge_check, name="badge_check"),
    path("verify/keys.json", badge_views.badge_keys, name="badge_keys"),
    path("verify/issuer.json", badge_views.badge_issuer, name="badge_issuer"),
    path("verify/credentials/<str:number>/", badge_views.badge_status, name="badge_status"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
