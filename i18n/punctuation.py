"""Punctuation around values, in the active language.

Chinese text puts full-width marks around a value with no spaces (``张三（S001）``, ``甲、乙``); English
puts ASCII marks with spaces (``Zhang San (S001)``, ``A, B``). Templates and ``__str__`` methods that put
a name, code or list next to punctuation call these instead of writing ``（`` into the text, so the
English UI shows no Chinese marks. Each mark is a msgid the English catalogue translates.
"""

from i18n.messages import _translate, gettext_noop

COLON = gettext_noop("：")
ENUMERATION = gettext_noop("、")
COMMA = gettext_noop("，")
SEMICOLON = gettext_noop("；")
PARENTHESIS = gettext_noop("（%(text)s）")


def colon() -> str:
    return _translate(COLON)


def comma() -> str:
    return _translate(COMMA)


def semicolon() -> str:
    return _translate(SEMICOLON)


def parenthesised(text) -> str:
    """``text`` in brackets: ``（text）`` in Chinese, `` (text)`` with a leading space in English."""
    return _translate(PARENTHESIS) % {"text": text}


def enumeration(items) -> str:
    """Items as a list: ``甲、乙、丙`` in Chinese, ``A, B, C`` in English."""
    return _translate(ENUMERATION).join(str(item) for item in items)


def labelled(name, code) -> str:
    """A name with its code: ``张三（S001）`` / ``Zhang San (S001)``."""
    return f"{name}{parenthesised(code)}"
