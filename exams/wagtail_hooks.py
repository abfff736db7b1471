"""Registers the exams app with Wagtail and the project hooks (curriculum loader, landing panel, admin)."""

from django.utils import timezone
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
from .work import assignment_rows


@hooks.register("peixun_curriculum_loaders")
def load_questions(stdout=None, force=False):
    return questions_load(stdout=stdout, force=force)


@hooks.register(LANDING_HOOK)
def my_quizzes_panel(request):
    me = staff_of_user(request.user)
    if me is None:
        return None
    work = assignment_rows(staff=me, now=timezone.now(), open_only=True)
    assigned = {w.quiz.pk for w in work}
    rows = [r for r in quizzes_for_staff(me) if (r.open_attempt or not r.finished) and r.quiz.pk not in assigned]
    polls = list(Poll.objects.filter(is_open=True).exclude(votes__staff=me)[:3])
    context = {"work": work[:5], "rows": rows[: max(0, 5 - len(work))], "polls": polls}
    return Panel(_("我的测验"), "exams/panel_quizzes.html", context, order=300)


@hooks.register("peixun_seed_demo")
def seed_demo(stdout=None):
    seed_exams(stdout=stdout)
