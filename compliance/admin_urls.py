"""The admin report pages of compliance, at /admin/compliance/report/ (namespace ``compliance_admin``)."""

from django.urls import path

from .reports import ComplianceReportView

app_name = "compliance_admin"
urlpatterns = [
    path("report/", ComplianceReportView.as_view(), name="report"),
    path("report/results/", ComplianceReportView.as_view(results_only=True), name="report_results"),
]
