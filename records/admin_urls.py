"""The appraisal pages of the admin beside the viewset, at /admin/records/ (namespace ``records_admin``)."""

from django.urls import path

from . import admin_views

app_name = "records_admin"
urlpatterns = [
    path("appraisal/<int:pk>/", admin_views.appraisal_detail, name="appraisal_detail"),
    path("appraisal/<int:pk>/sign/", admin_views.appraisal_sign_view, name="appraisal_sign"),
    path("appraisal/<int:pk>/revise/", admin_views.appraisal_revise_view, name="appraisal_revise"),
]
