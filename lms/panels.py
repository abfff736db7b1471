"""The person's pages' one panel type and registry, on the ground floor so that every app can contribute.

Two pages are assembled from ``Panel``s: the per-role landing page "我的" (``LANDING``, ``/me/``) and
"我的培训" (``MY_TRAINING``, ``/courses/my/``), both in ``home``. An app writes its panels in its own
``panels.py`` as functions ``fn(request, *, page) -> Panel | None`` (None: nothing for this user on this
page) and registers each once from its ``wagtail_hooks.py`` with ``hooks.register(PANELS, panels.fn)``.
The page asks ``panels_for(request, page=...)``; a function answers for the pages it knows and None for
the others, so one function can give a page its own title, template or order.
"""

from dataclasses import dataclass, field

from wagtail import hooks

PANELS = "peixun_panels"
LANDING = "landing"
MY_TRAINING = "my_training"
PAGES = (LANDING, MY_TRAINING)


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def panels_for(request, *, page: str) -> list[Panel]:
    """The panels of ``page`` for this request, in their order (each function is called once)."""
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}; expected one of {PAGES}")
    found = (fn(request, page=page) for fn in hooks.get_hooks(PANELS))
    return sorted((p for p in found if p is not None), key=lambda p: p.order)
