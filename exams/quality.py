"""Figures that tell whether a question bank measures knowledge rather than test-taking skill.

Pure functions over ``QuestionData`` (any bank format, no database): per category,

* how often the right option of a choice question is the longest one (a test-wise guesser's cue; goal: at
  most ``LONGEST_RIGHT_LIMIT`` of the choice questions),
* matching questions without a distractor (the last pair can then be had by elimination),
* choice questions whose options are not all distinct, and essay questions (they need a trainer-graded quiz).

Whether a distractor is a mistake a real employee could make, or a question answerable by courtesy alone,
needs a reader: these figures only flag what can be counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .formats import QuestionData

LONGEST_RIGHT_LIMIT = 0.35
CHOICE_TYPES = ("single", "multiple")


def _length(text: str) -> int:
    """Visible length: whitespace does not count."""
    return len("".join(text.split()))


def right_is_longest(question: QuestionData) -> bool:
    """Whether the single longest option (no tie) is a right one."""
    if question.type not in CHOICE_TYPES or len(question.choices) < 2:
        return False
    lengths = sorted((_length(c.text), c.fraction > 0) for c in question.choices)
    (top, top_right), (second, _right) = lengths[-1], lengths[-2]
    return top_right and top > second


@dataclass
class CategoryFigures:
    category: str
    questions: int = 0
    choice_questions: int = 0
    longest_right: list[str] = field(default_factory=list)
    matching_without_distractor: list[str] = field(default_factory=list)
    repeated_options: list[str] = field(default_factory=list)
    essays: list[str] = field(default_factory=list)

    @property
    def longest_right_share(self) -> float:
        return len(self.longest_right) / self.choice_questions if self.choice_questions else 0.0

    @property
    def problems(self) -> list[str]:
        found = []
        if self.longest_right_share > LONGEST_RIGHT_LIMIT:
            found.append(
                f"{self.category}: right option longest in {len(self.longest_right)}/{self.choice_questions}"
                f" choice questions ({self.longest_right_share:.0%} > {LONGEST_RIGHT_LIMIT:.0%})"
            )
        if self.matching_without_distractor:
            found.append(f"{self.category}: matching without distractor: {', '.join(self.matching_without_distractor)}")
        if self.repeated_options:
            found.append(f"{self.category}: repeated options: {', '.join(self.repeated_options)}")
        return found


def bank_figures(questions: list[QuestionData]) -> list[CategoryFigures]:
    """Figures per top-level category, in category order."""
    by_category: dict[str, CategoryFigures] = {}
    for q in questions:
        name = q.category[0] if q.category else ""
        figures = by_category.setdefault(name, CategoryFigures(name))
        label = q.key or q.name or q.text[:20]
        figures.questions += 1
        if q.type in CHOICE_TYPES:
            figures.choice_questions += 1
            if right_is_longest(q):
                figures.longest_right.append(label)
            texts = ["".join(c.text.split()) for c in q.choices]
            if len(set(texts)) != len(texts):
                figures.repeated_options.append(label)
        elif q.type == "matching" and not q.distractors:
            figures.matching_without_distractor.append(label)
        elif q.type == "essay":
            figures.essays.append(label)
    return [by_category[name] for name in sorted(by_category)]


def type_counts(questions: list[QuestionData]) -> dict[str, dict[str, int]]:
    """Questions per category and type."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for q in questions:
        counts[q.category[0] if q.category else ""][q.type] += 1
    return {name: dict(types) for name, types in sorted(counts.items())}
