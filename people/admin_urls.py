"""The import pages, the locked logins, the audit report and the erasure page of the admin, at
/admin/people/ (namespace ``people_admin``)."""

from django.urls import path

from . import admin_lockouts, admin_views, audit_views, privacy_views

app_name = "people_admin"
urlpatterns = [
    path("import/", admin_views.import_staff, name="import"),
    path("import-leave/", admin_views.import_leave, name="import_leave"),
    path("import/<str:kind>/template.xlsx", admin_views.import_template, name="import_template"),
    path("lockouts/", admin_lockouts.lockouts_view, name="lockouts"),
    path("audit/", audit_views.AuditReportView.as_view(), name="audit"),
    path("audit/results/", audit_views.AuditReportView.as_view(results_only=True), name="audit_results"),
    path("staff/<int:pk>/erase/", privacy_views.staff_erase_view, name="staff_erase"),
]
