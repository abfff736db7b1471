from django.urls import path
from wagtail import hooks

from . import admin_views


@hooks.register("register_admin_viewset")
def register_appraisals():
    return admin_views.AppraisalViewSet("records_appraisals", url_prefix="records/appraisals")


@hooks.register("register_admin_urls")
def register_appraisal_actions():
    return [
        path("records/appraisal/<int:pk>/", admin_views.appraisal_detail, name="records_appraisal_detail"),
        path("records/appraisal/<int:pk>/sign/", admin_views.appraisal_sign_view, name="records_appraisal_sign"),
        path("records/appraisal/<int:pk>/revise/", admin_views.appraisal_revise_view, name="records_appraisal_revise"),
    ]
