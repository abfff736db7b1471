"""Quiz statistics (pure): summary of scores, and Moodle's per-question indices.

Definitions follow Moodle's quiz statistics report: the facility index is the mean score on the
question as a percentage of its maximum; the discrimination index is 100 × the correlation between the
question score and the score on the rest of the quiz (total minus this question), so a question that
strong candidates get right and weak ones get wrong scores high, and a misleading one goes negative.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence


def mean(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def pass_rate(scores: Sequence[float], pass_mark: float) -> float | None:
    """Share of scores at or above the pass mark (same scale as the scores)."""
    return sum(1 for s in scores if s >= pass_mark) / len(scores) if scores else None


def histogram(scores: Sequence[float], *, maximum: float = 100.0, bins: int = 10) -> list[int]:
    """Counts per equal-width band of [0, maximum]; the top score falls in the last band."""
    counts = [0] * bins
    for s in scores:
        index = int(min(max(s, 0.0), maximum) / maximum * bins) if maximum else 0
        counts[min(index, bins - 1)] += 1
    return counts


def facility_index(question_scores: Sequence[float], *, maximum: float = 1.0) -> float | None:
    """Mean score on the question as a percentage of its maximum."""
    if not question_scores or not maximum:
        return None
    return 100.0 * statistics.fmean(question_scores) / maximum


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def discrimination_index(question_scores: Sequence[float], totals: Sequence[float]) -> float | None:
    """100 × r(question score, total − question score); None when either has no spread."""
    rest = [t - q for q, t in zip(question_scores, totals, strict=True)]
    r = _correlation(list(question_scores), rest)
    return None if r is None else 100.0 * r


def choice_frequencies(picks: Iterable, choices: Sequence) -> dict:
    """How often each choice was picked (``picks`` is one item per pick; every choice is listed)."""
    counted = Counter(picks)
    return {choice: counted.get(choice, 0) for choice in choices}
