"""The per-role landing page ("我的") is assembled from panels that apps contribute.

An app registers ``@hooks.register("peixun_landing_panels")`` with a function taking the request and
returning a ``Panel`` or None (when the panel does not apply to that user). Later apps add their own
(my training, my quizzes, compliance) without touching this one.
"""

from dataclasses import dataclass, field

from wagtail import hooks

HOOK = "peixun_landing_panels"


@dataclass
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def panels_for(request) -> list[Panel]:
    found = (fn(request) for fn in hooks.get_hooks(HOOK))
    return sorted((p for p in found if p is not None), key=lambda p: p.order)
