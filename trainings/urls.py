"""Front-end URLs of training sessions, mounted at /compliance/ where they have always been (bookmarks,
printed sheets and notices already sent name these addresses)."""

from django.urls import path

from . import views

app_name = "trainings"
urlpatterns = [
    path("checkin/", views.check_in, name="check_in"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/sheet/", views.session_sheet, name="session_sheet"),
]
