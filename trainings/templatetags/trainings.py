"""``{{ session|session_when }}``: when a session takes place, 全天 for one without a time of day."""

from django import template

from ..when import when_text

register = template.Library()


@register.filter
def session_when(session) -> str:
    return when_text(session.starts_at, session.ends_at)
