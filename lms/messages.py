"""Messages for people that pure code (parsers, validators) returns without rendering them.

A ``Message`` keeps a ``gettext_lazy`` msgid (the Chinese UI text, the codebase's convention) and its
named parameters; ``str()`` translates and fills it in the language active at that moment, so a parser
needs no request or active language, and the admin page or command that shows the message decides it.
Rendering needs Django settings (``gettext``); building one does not.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SEPARATOR = _("；")


class Message:
    """``Message(_("第 %(line)s 行"), line=3)``: a msgid with named ``%(name)s`` parameters, rendered by ``str()``.

    A parameter may itself be a ``Message`` or lazy text; it is rendered in the same language.
    """

    __slots__ = ("text", "params")

    def __init__(self, text, /, **params):
        self.text, self.params = text, params

    def __str__(self):
        text = str(self.text)
        if not self.params:
            return text
        return text % {k: str(v) if isinstance(v, Message | Promise) else v for k, v in self.params.items()}

    def __repr__(self):
        return f"Message({str(self.text)!r}, {self.params!r})"

    def __eq__(self, other):
        if not isinstance(other, Message):
            return NotImplemented
        return str(self.text) == str(other.text) and self.params == other.params

    def __hash__(self):
        return hash(str(self.text))


def join(parts) -> str:
    """Render ``parts`` (messages or text) and join them with the language's list separator."""
    return str(SEPARATOR).join(str(p) for p in parts)
