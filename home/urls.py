"""The person's pages: "我的" at /me/ and "我的培训" at /courses/my/ (mounted at the site root)."""

from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("me/", views.landing, name="landing"),
    path("courses/my/", views.my_training, name="my_training"),
]
