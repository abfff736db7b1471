"""The panels courses adds to the person's pages (registered in ``wagtail_hooks``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.panels import LANDING, MY_TRAINING, Panel
from people import roles
from people.selectors import staff_of_user

from .selectors import my_training


def courses_panel(request, *, page) -> Panel | None:
    """The person's assigned modules: all of them on "我的培训", the counts and the next lesson on the landing page."""
    if page not in (LANDING, MY_TRAINING):
        return None
    staff = staff_of_user(request.user)
    if staff is None:
        return None
    rows = my_training(staff=staff, today=timezone.localdate())
    if page == MY_TRAINING:
        return Panel(_("课程"), "courses/section_courses.html", {"rows": rows}, order=10)
    context = {
        "open": sum(1 for r in rows if not r.complete),
        "overdue": sum(1 for r in rows if r.overdue),
        "next": next((r for r in rows if r.next_lesson), None),
    }
    return Panel(_("我的培训"), "courses/panel_my_training.html", context, order=100)


def progress_report_panel(request, *, page) -> Panel | None:
    """For the people who follow others' training: a link to the learner progress report."""
    if page != LANDING or not roles.is_organiser(request.user):
        return None
    return Panel(_("学员学习进度"), "courses/panel_progress_report.html", {}, order=390)


def modules_section(request, *, staff) -> Panel:
    """课程进度 on a staff profile: each assigned module with its lessons done, due day and state."""
    rows = my_training(staff=staff, today=timezone.localdate())
    return Panel(_("课程进度"), "courses/profile_modules.html", {"rows": rows}, order=40)
