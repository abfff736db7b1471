"""The hall posts (岗位) of training-policy.md, and how import files may name them."""

import functools

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Post(models.TextChoices):
    HALL_MANAGER = "hall_manager", _("营业厅经理")
    DUTY_MANAGER = "duty_manager", _("值班经理")
    GREETER = "greeter", _("咨询引导")
    FRONT_DESK = "front_desk", _("前台销售/服务顾问")
    COUNTER = "counter", _("综合受理")
    COMPLAINT = "complaint", _("投诉接待")
    RETENTION = "retention", _("维系挽留")
    STOCK_KEEPER = "stock_keeper", _("库管")
    AUDITOR = "auditor", _("稽核")
    TRAINER = "trainer", _("培训岗")


_ALIASES = {"前台销售": Post.FRONT_DESK, "服务顾问": Post.FRONT_DESK}


@functools.lru_cache(maxsize=8)
def _labels(language: str) -> dict[str, str]:
    """Post code by label in ``language`` (built once per language: an import asks once per row)."""
    with translation.override(language):
        return {str(label): value for value, label in Post.choices}


def post_names() -> list[str]:
    """The Chinese post names, as import files write them (the template's drop-down)."""
    return list(_labels(settings.LANGUAGE_CODE))


def post_from_text(text: str) -> str | None:
    """Return the post code for a code, a Chinese label or a label in the active language, else None.

    Import files use the Chinese labels (``综合受理``) whatever language the importing user chose.
    """
    text = (text or "").strip()
    if text in Post.values:
        return text
    found = _labels(settings.LANGUAGE_CODE).get(text)
    found = found or _labels(translation.get_language() or settings.LANGUAGE_CODE).get(text)
    alias = _ALIASES.get(text)
    return found or (alias.value if alias else None)
