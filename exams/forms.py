"""Read answers from the plain HTML form of an attempt (the page works without JavaScript).

Field names: ``q<ID>`` (choice position, true/false, text), ``q<ID>_r<TOKEN>`` (the rank given to an
ordering item shown at position TOKEN), ``q<ID>_l<LEFT>`` (the right position chosen for a matching left).
``attempt.js`` builds the same browser responses from the same fields.
"""

from __future__ import annotations

from .models import QuestionType

_MISSING = object()


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def raw_from_post(slot: dict, post) -> object:
    """The browser response for one question, or ``_MISSING`` when the form says nothing about it."""
    name, qtype = f"q{slot['q']}", slot["t"]
    if qtype == QuestionType.MULTIPLE:
        if f"{name}_present" not in post:
            return _MISSING
        return [v for v in (_int(x) for x in post.getlist(name)) if v is not None]
    if qtype == QuestionType.ORDERING:
        ranks = [(_int(post.get(f"{name}_r{token}")), token) for token in range(len(slot.get("i", [])))]
        if any(rank is None for rank, _ in ranks) or len({r for r, _ in ranks}) != len(ranks):
            return _MISSING
        return [token for _, token in sorted(ranks)]
    if qtype == QuestionType.MATCHING:
        chosen = {str(i): _int(post.get(f"{name}_l{i}")) for i in range(len(slot.get("l", [])))}
        chosen = {k: v for k, v in chosen.items() if v is not None}
        return chosen or _MISSING
    if name not in post:
        return _MISSING
    value = post.get(name)
    if qtype == QuestionType.SINGLE:
        return _int(value) if _int(value) is not None else _MISSING
    if qtype == QuestionType.TRUEFALSE:
        return {"true": True, "false": False}.get(value, _MISSING)
    return value


def answers_from_post(layout: list[dict], post) -> dict[int, object]:
    """Question id → browser response for every question the form answered."""
    out = {}
    for slot in layout:
        raw = raw_from_post(slot, post)
        if raw is not _MISSING:
            out[slot["q"]] = raw
    return out
