from django.urls import path

from lms.http import moved_to

from . import views

app_name = "courses"
urlpatterns = [
    path("courses/my/lessons/<int:lesson_id>/check/", views.lesson_check, name="lesson_check"),
    path("courses/my/lessons/<int:lesson_id>/position/", views.lesson_position, name="lesson_position"),
    path("courses/my/lessons/<int:lesson_id>/complete/", views.lesson_complete, name="lesson_complete"),
    path("courses/progress/", moved_to("courses_admin:progress"), name="progress_report"),
    path("search/", views.search, name="search"),
]
