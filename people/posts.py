"""The hall posts (岗位) of training-policy.md, and how import files may name them."""

from django.db import models


class Post(models.TextChoices):
    HALL_MANAGER = "hall_manager", "营业厅经理"
    DUTY_MANAGER = "duty_manager", "值班经理"
    GREETER = "greeter", "咨询引导"
    FRONT_DESK = "front_desk", "前台销售/服务顾问"
    COUNTER = "counter", "综合受理"
    COMPLAINT = "complaint", "投诉接待"
    RETENTION = "retention", "维系挽留"
    STOCK_KEEPER = "stock_keeper", "库管"
    AUDITOR = "auditor", "稽核"
    TRAINER = "trainer", "培训岗"


_ALIASES = {"前台销售": Post.FRONT_DESK, "服务顾问": Post.FRONT_DESK}


def post_from_text(text: str) -> str | None:
    """Return the post code for a code or a Chinese label (e.g. ``counter`` or ``综合受理``), else None."""
    text = (text or "").strip()
    for value, label in Post.choices:
        if text in (value, label):
            return value
    alias = _ALIASES.get(text)
    return alias.value if alias else None
