"""Registers the exams app with Wagtail and the project hooks: the admin (``viewsets``, ``admin_views``), the
curriculum loader, the panels (``panels``), the demo bank."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.panels import PANELS
from lms.personal_data import PERSONAL_DATA
from people.profile import PROFILE_SECTIONS

from . import admin_assign, admin_urls, admin_views, panels, privacy
from .curriculum import questions_load
from .demo import seed_exams
from .viewsets import ExamsGroup


@hooks.register("peixun_curriculum_loaders")
def load_questions(stdout=None, force=False):
    return questions_load(stdout=stdout, force=force)


hooks.register(PANELS, panels.quizzes_panel)
hooks.register(PROFILE_SECTIONS, panels.results_section)
hooks.register(PANELS, panels.quiz_history_panel)


@hooks.register("peixun_seed_demo")
def seed_demo(stdout=None):
    seed_exams(stdout=stdout)


@hooks.register("register_admin_viewset")
def register_admin():
    return ExamsGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("exams/", include(admin_urls, namespace="exams_admin"))]


@hooks.register("register_admin_menu_item")
def register_import_menu():
    return admin_views.menu_tool(_("导入/导出试题"), "exams_admin:import", "upload", 310, admin_views.can_author)


@hooks.register("register_admin_menu_item")
def register_grading_menu():
    return admin_views.menu_tool(_("简答题评分"), "exams_admin:grading", "edit", 311, admin_views.can_grade)


@hooks.register("register_admin_menu_item")
def register_stats_menu():
    return admin_views.menu_tool(_("测验统计"), "exams_admin:stats_list", "table", 312, admin_views.can_see_stats)


@hooks.register("register_admin_menu_item")
def register_assign_menu():
    return admin_views.menu_tool(_("指派测验"), "exams_admin:assign", "calendar-check", 313, admin_assign.can_assign)


hooks.register(PERSONAL_DATA, privacy.personal_data)
