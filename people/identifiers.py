"""Identifiers that travel in URLs and files (staff numbers, hall, branch, launch and programme codes):
letters, digits, ``-`` and ``_`` only. One rule for the model fields, the admin forms and every import."""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from i18n.messages import Message

IDENTIFIER = re.compile(r"[A-Za-z0-9_-]+")

validate_identifier = RegexValidator(
    regex=r"\A[A-Za-z0-9_-]+\Z", message=_("只能包含字母、数字、“-”和“_”。"), code="identifier"
)


def is_identifier(value: str) -> bool:
    """Whether ``value`` is a non-empty identifier."""
    return IDENTIFIER.fullmatch(value) is not None


def identifier_problem(column: str, value: str) -> Message | None:
    """The problem of a non-empty import cell ``column`` that is not an identifier, or None."""
    if not value or is_identifier(value):
        return None
    return Message(_("%(column)s “%(value)s” 只能包含字母、数字、“-”和“_”"), column=column, value=value)
