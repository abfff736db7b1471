"""Registers the demo seed of the shipped curriculum (``demo``) and the names of the shipped modules whose
keys are bank categories but not course categories (``service-standards``, ``training``)."""

from functools import cache

from django.conf import settings
from wagtail import hooks

from courses.models import Category

from .curriculum import CurriculumError
from .demo import seed_curriculum
from .loader import curriculum_read

hooks.register("peixun_seed_demo", seed_curriculum)


@cache
def _module_titles() -> dict[str, str]:
    """Titles of the shipped modules, read once per process (the files only change with a release)."""
    try:
        return {module.key: module.title for module in curriculum_read(settings.BASE_DIR / "content")}
    except (CurriculumError, OSError):  # load_curriculum reports a broken file; a label falls back to the key
        return {}


@hooks.register("peixun_category_labels")
def shipped_module_labels():
    return {key: title for key, title in _module_titles().items() if key not in Category.values}
