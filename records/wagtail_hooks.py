"""Registers records with Wagtail: the appraisals admin, the landing-page panel (``panels``), the demo content."""

from django.urls import path
from django.utils import timezone
from wagtail import hooks

from lms.panels import PANELS

from . import admin_views, panels
from .demo import seed_records


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


hooks.register(PANELS, panels.records_panel)


@hooks.register("peixun_seed_demo")
def seed_demo(stdout):
    seed_records(today=timezone.localdate(), stdout=stdout)
