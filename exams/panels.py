"""The panels exams adds to the person's pages (registered in ``wagtail_hooks``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.panels import LANDING, MY_TRAINING, Panel
from people.profile import ROWS_SHOWN
from people.selectors import staff_of_user

from .models import Poll
from .results import assignment_results
from .selectors import open_quiz_assignments, quizzes_for_staff
from .work import assignment_rows, latest_results


def quizzes_panel(request, *, page) -> Panel | None:
    """我的测验 on the landing page; 待完成测验 (the open quiz assignments with their due times) on "我的培训"."""
    if page not in (LANDING, MY_TRAINING):
        return None
    me = staff_of_user(request.user)
    if me is None:
        return None
    now = timezone.now()
    if page == MY_TRAINING:
        context = {"assignments": open_quiz_assignments(staff=me, at=now), "now": now}
        return Panel(_("待完成测验"), "exams/section_quizzes.html", context, order=6)
    work = assignment_rows(staff=me, now=now, open_only=True)
    assigned = {w.quiz.pk for w in work}
    rows = [r for r in quizzes_for_staff(me) if (r.open_attempt or not r.finished) and r.quiz.pk not in assigned]
    polls = list(Poll.objects.filter(is_open=True).exclude(votes__staff=me)[:3])
    context = {"work": work[:5], "rows": rows[: max(0, 5 - len(work))], "polls": polls}
    return Panel(_("我的测验"), "exams/panel_quizzes.html", context, order=300)


def results_section(request, *, staff) -> Panel:
    """测验成绩 on a staff profile: each assignment's final grade, whether it passed, attempts used."""
    rows, more = latest_results(staff=staff, now=timezone.now(), limit=ROWS_SHOWN)
    return Panel(_("测验成绩"), "exams/profile_results.html", {"rows": rows, "more": more}, order=30)


HISTORY_SHOWN = 10


def quiz_history_panel(request, *, page) -> Panel | None:
    """测验记录 on "我的培训": the latest assignments that left the to-do list (passed, used up or past due)
    with their final grade, as the archive's score sheet keeps them; two queries."""
    if page != MY_TRAINING:
        return None
    me = staff_of_user(request.user)
    if me is None:
        return None
    now = timezone.now()
    read = assignment_results(staff_ids=[me.pk], now=now, settled_only=True, limit=3 * HISTORY_SHOWN)
    results = read.get(me.pk, [])[:HISTORY_SHOWN]
    return Panel(_("测验记录"), "exams/section_quiz_history.html", {"results": results}, order=50)
