"""Scoring of one answer and of a person's attempts (pure functions, no Django).

Every score is a fraction of the question's mark in [0, 1]. Responses refer to choices by id and to
ordering items / matching lefts by their index in the authored (correct) list; the attempt layer maps
what the browser showed (shuffled positions) to these before calling in here.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

HIGHEST, LAST, FIRST, AVERAGE = "highest", "last", "first", "average"
GRADING_METHODS = (HIGHEST, LAST, FIRST, AVERAGE)
_SPACE = re.compile(r"\s+")


def _clamp(value: float) -> float:
    return round(min(1.0, max(0.0, value)), 7)


def score_single(fractions: Mapping, picked) -> float:
    """The fraction of the picked choice (a wrong choice gives 0, never less)."""
    return _clamp(fractions.get(picked, 0.0)) if picked is not None else 0.0


def score_multiple(fractions: Mapping, picked: Iterable) -> float:
    """Sum of the picked choices' fractions (wrong picks are penalties), floored at 0, capped at 1."""
    return _clamp(sum(fractions.get(choice, 0.0) for choice in set(picked or ())))


def score_truefalse(answer: bool, given) -> float:
    return 1.0 if isinstance(given, bool) and given == answer else 0.0


def normalise(text: str, *, case_sensitive: bool = False) -> str:
    """Fold full-width to half-width (NFKC), drop all whitespace and, unless told not to, case."""
    folded = _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))
    return folded if case_sensitive else folded.casefold()


def _pattern(accepted: str, case_sensitive: bool) -> re.Pattern:
    parts = [re.escape(normalise(p, case_sensitive=case_sensitive)) for p in accepted.split("*")]
    return re.compile(".*".join(parts), re.S)


def score_fill(accepted: Sequence[tuple[str, float]], given: str, *, case_sensitive: bool = False) -> float:
    """The fraction of the first accepted answer that matches (``*`` is a wildcard, as in Moodle)."""
    if not isinstance(given, str) or not given.strip():
        return 0.0
    value = normalise(given, case_sensitive=case_sensitive)
    for text, frac in accepted:
        if _pattern(text, case_sensitive).fullmatch(value):
            return _clamp(frac)
    return 0.0


def score_ordering(count: int, given: Sequence) -> float:
    """The share of items in their correct position (``given`` lists item indexes in the order chosen)."""
    if not count or not isinstance(given, list | tuple):
        return 0.0
    return _clamp(sum(1 for pos, item in enumerate(given[:count]) if item == pos) / count)


def score_matching(rights: Sequence[str], given: Mapping) -> float:
    """The share of lefts given the right answer (``given`` maps left index → chosen right text)."""
    if not rights or not isinstance(given, Mapping):
        return 0.0
    hits = sum(1 for index, right in enumerate(rights) if given.get(str(index), given.get(index)) == right)
    return _clamp(hits / len(rights))


def final_grade(scores: Sequence[float], method: str) -> float | None:
    """Combine the scores of finished attempts (in the order taken) per the quiz's grading method."""
    if not scores:
        return None
    if method == HIGHEST:
        return max(scores)
    if method == FIRST:
        return scores[0]
    if method == LAST:
        return scores[-1]
    if method == AVERAGE:
        return round(statistics.fmean(scores), 4)
    raise ValueError(f"unknown grading method {method!r}")
