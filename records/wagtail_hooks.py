"""Admin registration (appraisals), the landing-page panel and the demo content of records."""

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.panels import LANDING_PANELS, Panel
from people import roles
from people.selectors import staff_of_user

from . import admin_views
from .demo import seed_records
from .selectors import appraisals_visible_to


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


@hooks.register(LANDING_PANELS)
def records_panel(request):
    me = staff_of_user(request.user)
    can_export = roles.has_role(request.user, roles.HR)
    if me is None and not can_export:
        return None
    appraisals = list(appraisals_visible_to(request.user).filter(staff=me).order_by("-version")[:3]) if me else []
    context = {"staff": me, "year": timezone.localdate().year, "appraisals": appraisals, "can_export": can_export}
    return Panel(_("培训档案"), "records/panel_records.html", context, order=800)


@hooks.register("peixun_seed_demo")
def seed_demo(stdout):
    seed_records(today=timezone.localdate(), stdout=stdout)
