"""The browser codec of an attempt: what a question looks like in it, and answers to and from the browser.

Pure (no Django): ``layout_entry`` snapshots a question (any object with ``pk``, ``type``, ``text``,
``data`` and ``choices.all()``, prefetched) for an attempt's layout; ``response_from_browser`` turns the
positions the browser sent into the stored response (choice ids, authored indexes, right texts) and
raises ``BadResponse`` for anything the page could not have sent; ``response_to_browser`` inverts it.
"""

from __future__ import annotations

import random

MAX_TEXT = 5000


class QuestionType:
    """The values of ``exams.models.QuestionType`` (compared as strings), without Django."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUEFALSE = "truefalse"
    FILL = "fill"
    ORDERING = "ordering"
    MATCHING = "matching"
    ESSAY = "essay"


class BadResponse(ValueError):
    """What the browser sent does not fit the question as it was shown."""


def layout_entry(question, quiz, rng: random.Random) -> dict:
    """What one question looks like in this attempt: a snapshot of its texts, options in the order shown.

    ``c`` (choice ids), ``i`` (authored item indexes) and ``r`` (right texts) give, for each position the
    browser can send, what it means; ``o`` are the option texts in that order and ``l`` the matching lefts.
    The snapshot keeps an attempt stable while the bank is edited and renders without touching the bank.
    """
    data = question.data or {}
    entry = {"q": question.pk, "t": question.type, "x": question.text}
    if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        choices = list(question.choices.all())
        if quiz.shuffle_choices:
            rng.shuffle(choices)
        entry["c"] = [c.pk for c in choices]
        entry["o"] = [c.text for c in choices]
    elif question.type == QuestionType.ORDERING:
        items = data.get("items", [])
        entry["i"] = list(range(len(items)))
        while len(entry["i"]) > 1 and entry["i"] == sorted(entry["i"]):
            rng.shuffle(entry["i"])
        entry["o"] = [items[i] for i in entry["i"]]
    elif question.type == QuestionType.MATCHING:
        pairs = data.get("pairs", [])
        entry["l"] = [p["left"] for p in pairs]
        entry["r"] = sorted({p["right"] for p in pairs} | set(data.get("distractors", [])))
        rng.shuffle(entry["r"])
    return entry


def _position(value, options: list):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(options):
        raise BadResponse
    return options[value]


def response_from_browser(slot: dict, raw):
    """Turn what the browser sent (positions as shown) into the stored response; None clears it."""
    if raw is None:
        return None
    qtype = slot["t"]
    if qtype == QuestionType.SINGLE:
        return _position(raw, slot["c"])
    if qtype == QuestionType.MULTIPLE:
        if not isinstance(raw, list):
            raise BadResponse
        return sorted({_position(v, slot["c"]) for v in raw})
    if qtype == QuestionType.TRUEFALSE:
        if not isinstance(raw, bool):
            raise BadResponse
        return raw
    if qtype in (QuestionType.FILL, QuestionType.ESSAY):
        if not isinstance(raw, str):
            raise BadResponse
        return raw.replace("\x00", "")[:MAX_TEXT]  # PostgreSQL's jsonb cannot hold NUL
    if qtype == QuestionType.ORDERING:
        if not isinstance(raw, list) or any(isinstance(v, bool) or not isinstance(v, int) for v in raw):
            raise BadResponse
        if sorted(raw) != list(range(len(slot["i"]))):
            raise BadResponse
        return [_position(v, slot["i"]) for v in raw]
    if qtype == QuestionType.MATCHING:
        lefts = len(slot.get("l", []))
        if not isinstance(raw, dict):
            raise BadResponse
        out = {}
        for key, value in raw.items():
            key = str(key)
            if not (key.isascii() and key.isdigit() and len(key) < 7) or int(key) >= lefts:  # "³".isdigit()
                raise BadResponse
            if value is not None:
                out[str(int(key))] = _position(value, slot["r"])
        return out
    raise BadResponse


def response_to_browser(slot: dict, response):
    """The inverse of ``response_from_browser``, to show a saved answer again."""
    if response is None:
        return None
    qtype = slot["t"]
    if qtype == QuestionType.SINGLE:
        return slot["c"].index(response) if response in slot["c"] else None
    if qtype == QuestionType.MULTIPLE:
        return [slot["c"].index(c) for c in response if c in slot["c"]]
    if qtype == QuestionType.ORDERING:
        return [slot["i"].index(i) for i in response if i in slot["i"]]
    if qtype == QuestionType.MATCHING:
        return {k: slot["r"].index(v) for k, v in response.items() if v in slot["r"]}
    return response
