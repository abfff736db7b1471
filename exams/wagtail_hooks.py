"""Registers the exams app with Wagtail and the project hooks: the admin (``viewsets``, ``admin_views``), the
curriculum loader, the panels (``panels``), the demo bank."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.panels import PANELS

from . import admin_assign, admin_views, panels
from .curriculum import questions_load
from .demo import seed_exams
from .viewsets import ExamsGroup


@hooks.register("peixun_curriculum_loaders")
def load_questions(stdout=None, force=False):
    return questions_load(stdout=stdout, force=force)


hooks.register(PANELS, panels.quizzes_panel)


@hooks.register("peixun_seed_demo")
def seed_demo(stdout=None):
    seed_exams(stdout=stdout)


@hooks.register("register_admin_viewset")
def register_admin():
    return ExamsGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("exams/import/", admin_views.bank_import_view, name="exams_import"),
        path("exams/export/", admin_views.bank_export_view, name="exams_export"),
        path("exams/template.xlsx", admin_views.xlsx_template_view, name="exams_template"),
        path("exams/grading/", admin_views.grading_queue_view, name="exams_grading"),
        path("exams/grading/<int:answer_id>/", admin_views.grade_essay_view, name="exams_grade"),
        path("exams/stats/", admin_views.quiz_stats_list_view, name="exams_stats_list"),
        path("exams/stats/<int:quiz_id>/", admin_views.quiz_stats_view, name="exams_stats"),
        path("exams/preview/<int:question_id>/", admin_views.question_preview_view, name="exams_preview"),
        path("exams/preview/quiz/<int:quiz_id>/", admin_views.quiz_preview_view, name="exams_quiz_preview"),
        path("exams/polls/<int:poll_id>/results/", admin_views.poll_results_view, name="exams_poll_results"),
        path("exams/assign/", admin_assign.quiz_assign_view, name="exams_assign"),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu():
    return admin_views.menu_tool(_("导入/导出试题"), "exams_import", "upload", 310, admin_views.can_author)


@hooks.register("register_admin_menu_item")
def register_grading_menu():
    return admin_views.menu_tool(_("简答题评分"), "exams_grading", "edit", 311, admin_views.can_grade)


@hooks.register("register_admin_menu_item")
def register_stats_menu():
    return admin_views.menu_tool(_("测验统计"), "exams_stats_list", "table", 312, admin_views.can_see_stats)


@hooks.register("register_admin_menu_item")
def register_assign_menu():
    return admin_views.menu_tool(_("指派测验"), "exams_assign", "calendar-check", 313, admin_assign.can_assign)
