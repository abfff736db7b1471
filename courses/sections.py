"""The "我的培训" page is assembled from sections that apps contribute.

An app registers ``@hooks.register("peixun_my_training_sections")`` with a function taking the request
and returning a ``Section`` or None (when it has nothing for this user). Courses adds "课程"; later apps
add quizzes, quotas and so on without touching this page.
"""

from dataclasses import dataclass, field

from wagtail import hooks

HOOK = "peixun_my_training_sections"


@dataclass
class Section:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def sections_for(request) -> list[Section]:
    found = (fn(request) for fn in hooks.get_hooks(HOOK))
    return sorted((s for s in found if s is not None), key=lambda s: s.order)
