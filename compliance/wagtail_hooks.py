"""Registers compliance with Wagtail: the 培训合规 admin menu (``viewsets``), the panels (``panels``),
the demo year and the rule statuses records asks for."""

from wagtail import hooks

from lms.panels import PANELS

from . import panels
from .viewsets import ComplianceGroup


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ComplianceGroup()


hooks.register(PANELS, panels.status_panel)
hooks.register(PANELS, panels.manage_panel)


@hooks.register("peixun_seed_demo")
def seed_demo(stdout=None):
    from .demo import seed_demo as run

    run(stdout=stdout)


@hooks.register("peixun_rule_statuses")
def rule_statuses(staff_list, *, start, end):
    from .record_statuses import rule_statuses as evaluate

    return evaluate(staff_list, start=start, end=end)
