"""Template filters for the PDF layout."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_PLAIN = set(" ()（）·–—:：_./,，")


@register.filter
def css_string(value) -> str:
    """Return ``value`` escaped for a double-quoted CSS string (e.g. ``@page`` margin-box ``content``).

    Everything but letters, digits, CJK and a few punctuation marks becomes a CSS hex escape, so quotes,
    backslashes and ``</style>`` cannot end the string or the style element, and nothing is left for
    HTML escaping (which does not apply inside ``<style>``).
    """
    return mark_safe("".join(c if c.isalnum() or c in _PLAIN else f"\\{ord(c):x} " for c in str(value)))
