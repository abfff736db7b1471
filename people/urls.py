from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("me/data/", views.my_data, name="my_data"),
    path("staff/<path:staff_no>/", views.staff_detail, name="staff_detail"),
    path("halls/<path:code>/", views.hall_detail, name="hall_detail"),
]
