"""Registers the exams app with Wagtail and the project hooks (curriculum loader, landing panel, admin)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.panels import HOOK as LANDING_HOOK
from home.panels import Panel
from people.selectors import staff_of_user

from .admin import register_admin  # noqa: F401
from .curriculum import questions_load
from .demo import seed_exams
from .models import Poll
from .selectors import quizzes_for_staff


@hooks.register("peixun_curriculum_loaders")
def load_questions(stdout=None, force=False):
    return questions_load(stdout=stdout, force=force)


@hooks.register(LANDING_HOOK)
def my_quizzes_panel(request):
    me = staff_of_user(request.user)
    if me is None:
        return None
    rows = [r for r in quizzes_for_staff(me) if r.open_attempt or r.assignment or not r.finished]
    polls = list(Poll.objects.filter(is_open=True).exclude(votes__staff=me)[:3])
    return Panel(_("我的测验"), "exams/panel_quizzes.html", {"rows": rows[:5], "polls": polls}, order=300)


@hooks.register("peixun_seed_demo")
def seed_demo(stdout=None):
    seed_exams(stdout=stdout)
