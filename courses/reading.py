"""How long a lesson must have been open before its completion counts. Pure: no Django.

A lesson's length is the number of visible characters in its texts (title, summary and every text of
its blocks, tags removed, spaces not counted). Reading it takes ``length / chars_per_minute`` minutes;
``fraction`` of that (a skimming reader) is required, at least ``minimum`` and at most ``cap`` seconds.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&[#a-zA-Z0-9]+;")
_SPACE = re.compile(r"\s+")
_NOT_TEXT = {"id", "type", "image", "document", "page", "url", "correct", "embed", "video"}


@dataclass(frozen=True)
class ReadingRule:
    chars_per_minute: int = 400
    fraction: float = 0.3
    minimum: int = 10
    cap: int = 600


def _texts(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _NOT_TEXT:
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def text_length(*texts, blocks=()) -> int:
    """Visible characters of ``texts`` and of the stored StreamField data ``blocks`` (HTML tags removed)."""
    total = 0
    for text in [*texts, *_texts([block.get("value") for block in blocks])]:
        total += len(_SPACE.sub("", _ENTITY.sub("x", _TAG.sub("", text or ""))))
    return total


def required_seconds(length: int, rule: ReadingRule) -> int:
    """Seconds a lesson of ``length`` characters must have been open before it may be completed."""
    seconds = math.ceil(length / max(rule.chars_per_minute, 1) * 60 * rule.fraction)
    return min(max(seconds, rule.minimum), max(rule.cap, rule.minimum))


def seconds_left(*, opened_at: datetime.datetime | None, now: datetime.datetime, required: int) -> int:
    """Whole seconds still to read at ``now`` (0 when done); never opened: all of ``required``."""
    if opened_at is None:
        return required
    return max(0, math.ceil(required - (now - opened_at).total_seconds()))
