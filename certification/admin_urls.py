"""A certificate's admin page and HR's actions, at /admin/certification/ (namespace ``certification_admin``)."""

from django.urls import path

from . import admin_views

app_name = "certification_admin"
urlpatterns = [
    path("certificate/<int:pk>/", admin_views.certificate_detail, name="certificate_detail"),
    path("certificate/<int:pk>/revoke/", admin_views.certificate_revoke_view, name="certificate_revoke"),
    path("certificate/<int:pk>/reissue/", admin_views.certificate_reissue_view, name="certificate_reissue"),
]
