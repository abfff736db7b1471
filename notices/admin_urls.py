from django.urls import path

from . import admin_views

app_name = "notices_admin"
urlpatterns = [path("robots/<int:pk>/test/", admin_views.robot_test, name="robot_test")]
