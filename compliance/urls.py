"""Front-end URLs of the compliance app (mounted at /compliance/)."""

from django.urls import path

from . import views

app_name = "compliance"
urlpatterns = [
    path("", views.my_training, name="my_training"),
    path("checkin/", views.check_in, name="check_in"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("hall/", views.hall, name="hall"),
    path("hall/<str:code>/", views.hall, name="hall_detail"),
    path("overview/", views.overview, name="overview"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/sheet/", views.session_sheet, name="session_sheet"),
]
