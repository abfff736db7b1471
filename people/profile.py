"""The sections of a staff profile (``people:staff_detail``), filled by the apps above people.

people stands on floor 2 and may not import the apps that hold a person's training, quizzes, courses,
certificates and appraisals. Each of those apps writes its section in its ``panels.py`` as
``fn(request, *, staff) -> Panel | None`` (the one panel type, ``lms.panels.Panel``, with the app's own
template) and registers it from its ``wagtail_hooks.py`` with ``hooks.register(PROFILE_SECTIONS, fn)``.

``staff`` is already within the viewer's scope (``staff_visible_to``); a section narrows further where
its own rule says so (a trainee sees only signed appraisals). Each section reads its rows in a fixed
number of queries and shows at most ``ROWS_SHOWN`` of them (newest first), so the page's query count and
size do not grow with a person's history; the transcript PDF has everything.
"""

from wagtail import hooks

from lms.panels import Panel

PROFILE_SECTIONS = "peixun_profile_sections"
ROWS_SHOWN = 20


def profile_sections(request, *, staff) -> list[Panel]:
    """The sections of ``staff``'s profile for this request, in their order (each function called once)."""
    found = (fn(request, staff=staff) for fn in hooks.get_hooks(PROFILE_SECTIONS))
    return sorted((p for p in found if p is not None), key=lambda p: p.order)


def rows_shown(queryset) -> tuple[list, bool]:
    """The first ``ROWS_SHOWN`` rows of ``queryset`` and whether there are more (one query)."""
    rows = list(queryset[: ROWS_SHOWN + 1])
    return rows[:ROWS_SHOWN], len(rows) > ROWS_SHOWN
