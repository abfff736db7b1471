"""The names people see for question types, skipped kinds and bank categories; codes stay in files and data.

Question types are ``QuestionType`` choices. A category path is shown segment by segment: a module key
(``etiquette``) by the label that the app owning the modules gives it through the ``peixun_category_labels``
hook (courses: 服务礼仪), any other segment (a trainer's own name) as written, so ``etiquette/电话礼仪`` reads 服务礼仪 / 电话礼仪.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

CATEGORY_LABELS = "peixun_category_labels"
"""Hook: functions returning ``{module key: label}`` for the segments of bank category paths."""


class QuestionType(models.TextChoices):
    SINGLE = "single", _("单选题")
    MULTIPLE = "multiple", _("多选题")
    TRUEFALSE = "truefalse", _("判断题")
    FILL = "fill", _("填空题")
    ORDERING = "ordering", _("排序题")
    MATCHING = "matching", _("匹配题")
    ESSAY = "essay", _("简答题")


SKIPPED_KINDS = {
    "numerical": _("数值题（不支持）"),
    "description": _("说明文字（不支持）"),
    "calculated": _("计算题（不支持）"),
    "multianswer": _("嵌入式题（不支持）"),
    "cloze": _("嵌入式题（不支持）"),
    "invalid": _("有误的试题"),
}
"""The kinds of ``formats.model.Problem`` that are not question types."""


def kinds_in_order(codes) -> list[str]:
    """Question types in the bank's order, then skipped kinds, then anything else by code."""
    order = {code: index for index, code in enumerate([*QuestionType.values, *SKIPPED_KINDS])}
    return sorted(codes, key=lambda code: (order.get(code, len(order)), code))


def kind_label(code: str) -> str:
    """The name of a question type or skipped kind; an unknown code as it is."""
    if code in QuestionType.values:
        return str(QuestionType(code).label)
    return str(SKIPPED_KINDS.get(code, code))


def category_labels() -> dict[str, str]:
    labels = {}
    for fn in hooks.get_hooks(CATEGORY_LABELS):
        labels.update(fn())
    return labels


def category_label(path: str) -> str:
    """The name of a category path, its module key translated (``服务礼仪 / 电话礼仪``)."""
    labels = category_labels()
    return " / ".join(str(labels.get(part, part)) for part in path.split("/"))
