"""Template tags for punctuation around values in the active language (see ``i18n.punctuation``):
``{{ code|paren }}``, ``{{ names|enumerate }}``, ``{% colon %}``, ``{% comma %}``, ``{% semicolon %}``."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from i18n import punctuation

register = template.Library()


@register.filter(is_safe=True)
def paren(value):
    return punctuation.parenthesised(value)


@register.filter(name="enumerate", needs_autoescape=True)
def enumerate_(values, autoescape=True):
    escape = conditional_escape if autoescape else str
    return mark_safe(punctuation.enumeration(escape(v) for v in values))


@register.simple_tag
def colon():
    return punctuation.colon()


@register.simple_tag
def comma():
    return punctuation.comma()


@register.simple_tag
def semicolon():
    return punctuation.semicolon()
