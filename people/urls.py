from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("me/data/", views.my_data, name="my_data"),
    path("staff/<str:staff_no>/", views.staff_detail, name="staff_detail"),
    path("halls/<str:code>/", views.hall_detail, name="hall_detail"),
]
