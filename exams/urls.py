from django.urls import path

from . import views

app_name = "exams"
urlpatterns = [
    path("", views.quiz_list, name="quiz_list"),
    path("quiz/<int:pk>/", views.quiz_detail, name="quiz_detail"),
    path("quiz/<int:pk>/start/", views.quiz_start, name="quiz_start"),
    path("attempt/<int:pk>/", views.attempt_take, name="attempt"),
    path("attempt/<int:pk>/answer/", views.attempt_answer, name="attempt_answer"),
    path("attempt/<int:pk>/submit/", views.attempt_finish, name="attempt_submit"),
    path("attempt/<int:pk>/result/", views.attempt_result, name="result"),
    path("polls/<int:pk>/", views.poll_detail, name="poll"),
]
