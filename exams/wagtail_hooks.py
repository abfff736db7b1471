"""Registers the exams app with Wagtail and the project hooks (curriculum loader, landing panel, admin)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.panels import LANDING_PANELS, MY_TRAINING_SECTIONS, Panel, Section
from people.selectors import staff_of_user

from .admin import register_admin  # noqa: F401
from .curriculum import questions_load
from .demo import seed_exams
from .models import Poll
from .selectors import open_quiz_assignments, quizzes_for_staff
from .work import assignment_rows


@hooks.register("peixun_curriculum_loaders")
def load_questions(stdout=None, force=False):
    return questions_load(stdout=stdout, force=force)


@hooks.register(LANDING_PANELS)
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


@hooks.register(MY_TRAINING_SECTIONS)
def my_quizzes_section(request) -> Section | None:
    """The person's own open quiz assignments (weekly, backbone, new services) with their due times."""
    me = staff_of_user(request.user)
    if me is None:
        return None
    now = timezone.now()
    context = {"assignments": open_quiz_assignments(staff=me, at=now), "now": now}
    return Section(_("待完成测验"), "exams/section_quizzes.html", context, order=6)


@hooks.register("peixun_seed_demo")
def seed_demo(stdout=None):
    seed_exams(stdout=stdout)
