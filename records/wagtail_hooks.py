"""Registers records with Wagtail: the appraisals admin, the landing-page panel (``panels``), the demo content."""

from django.urls import include, path
from django.utils import timezone
from wagtail import hooks

from lms.panels import PANELS
from lms.personal_data import PERSONAL_DATA, PERSONAL_ERASE
from people.profile import PROFILE_SECTIONS

from . import admin_urls, panels, privacy
from .demo import seed_records
from .viewsets import AppraisalViewSet


@hooks.register("register_admin_viewset")
def register_appraisals():
    return AppraisalViewSet("records_appraisals", url_prefix="records/appraisals")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("records/", include(admin_urls, namespace="records_admin"))]


hooks.register(PANELS, panels.records_panel)
hooks.register(PANELS, panels.to_sign_panel)
hooks.register(PANELS, panels.hall_report_panel)
hooks.register(PROFILE_SECTIONS, panels.records_section)
hooks.register(PERSONAL_DATA, privacy.personal_data)
hooks.register(PERSONAL_ERASE, privacy.personal_data_erase)


@hooks.register("peixun_seed_demo")
def seed_demo(stdout):
    seed_records(today=timezone.localdate(), stdout=stdout)
