"""Registers the exams app with Wagtail and the project hooks (curriculum loader, panels, admin)."""

from wagtail import hooks

from lms.panels import PANELS

from . import panels
from .admin import register_admin  # noqa: F401
from .curriculum import questions_load
from .demo import seed_exams


@hooks.register("peixun_curriculum_loaders")
def load_questions(stdout=None, force=False):
    return questions_load(stdout=stdout, force=force)


hooks.register(PANELS, panels.quizzes_panel)


@hooks.register("peixun_seed_demo")
def seed_demo(stdout=None):
    seed_exams(stdout=stdout)
