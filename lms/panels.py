"""The two page registries' types, on the ground floor so that every app can contribute to them.

The per-role landing page ("我的", ``home``) is assembled from ``Panel``s and "我的培训" (``courses``) from
``Section``s. An app registers ``@hooks.register(LANDING_PANELS)`` or ``@hooks.register(MY_TRAINING_SECTIONS)``
with a function taking the request and returning one, or None when it has nothing for this user.
"""

from dataclasses import dataclass, field

from wagtail import hooks

LANDING_PANELS = "peixun_landing_panels"
MY_TRAINING_SECTIONS = "peixun_my_training_sections"


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


@dataclass
class Section:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def panels_for(request) -> list[Panel]:
    found = (fn(request) for fn in hooks.get_hooks(LANDING_PANELS))
    return sorted((p for p in found if p is not None), key=lambda p: p.order)


def sections_for(request) -> list[Section]:
    found = (fn(request) for fn in hooks.get_hooks(MY_TRAINING_SECTIONS))
    return sorted((s for s in found if s is not None), key=lambda s: s.order)
