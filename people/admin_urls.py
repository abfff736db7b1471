"""The import pages and the locked logins of the admin, at /admin/people/ (namespace ``people_admin``)."""

from django.urls import path

from . import admin_lockouts, admin_views

app_name = "people_admin"
urlpatterns = [
    path("import/", admin_views.import_staff, name="import"),
    path("import-leave/", admin_views.import_leave, name="import_leave"),
    path("lockouts/", admin_lockouts.lockouts_view, name="lockouts"),
]
