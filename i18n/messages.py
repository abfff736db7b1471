"""Messages for people that pure code (parsers, validators) returns without rendering them.

A ``Message`` keeps a msgid (the Chinese UI text, the codebase's convention) and its named parameters;
``str()`` translates and fills it in the language active at that moment, so a parser needs no request
or active language, and the admin page or command that shows the message decides it. Building a message
imports nothing from Django (the question-bank formats are imported without settings); rendering one
needs settings.

The msgid is a plain string marked with ``gettext_noop`` (so ``makemessages`` finds it) or a
``gettext_lazy`` proxy.
"""


def gettext_noop(text: str) -> str:
    """Mark ``text`` as a msgid for ``makemessages``; a ``Message`` translates it when shown."""
    return text


SEPARATOR = gettext_noop("；")


def _translate(text) -> str:
    from django.utils.translation import gettext

    return gettext(text) if isinstance(text, str) else str(text)


class Message:
    """``Message(gettext_noop("第 %(n)s 行"), n=3)``: a msgid with named ``%(name)s`` parameters, rendered by ``str()``.

    A parameter may itself be a ``Message`` or lazy text; it is rendered in the same language.
    """

    __slots__ = ("text", "params")

    def __init__(self, text, /, **params):
        self.text, self.params = text, params

    def __str__(self):
        text = _translate(self.text)
        if not self.params:
            return text
        plain = (str, int, float)
        return text % {k: v if isinstance(v, plain) else str(v) for k, v in self.params.items()}

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
    return _translate(SEPARATOR).join(str(p) for p in parts)
