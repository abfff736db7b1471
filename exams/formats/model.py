"""The common, format-independent model of a question bank (plain dataclasses, no Django).

Fractions are floats rounded to 7 decimals (Moodle stores percentages with 7 significant digits,
e.g. 33.33333), so a bank written and read again compares equal.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from html.parser import HTMLParser

SINGLE, MULTIPLE, TRUEFALSE, FILL, ORDERING, MATCHING, ESSAY = (
    "single",
    "multiple",
    "truefalse",
    "fill",
    "ordering",
    "matching",
    "essay",
)
QUESTION_TYPES = (SINGLE, MULTIPLE, TRUEFALSE, FILL, ORDERING, MATCHING, ESSAY)
DEFAULT_DIFFICULTY = 2
DIFFICULTY_TAG_PREFIX = "difficulty-"


class BankFileError(ValueError):
    """The whole file cannot be read (wrong encoding, not XML, not a workbook …)."""


def fraction(value) -> float:
    """Return ``value`` as a fraction rounded the way every format stores it."""
    return round(float(value), 7)


@dataclass
class ChoiceData:
    text: str
    fraction: float = 0.0
    feedback: str = ""


@dataclass
class AcceptedAnswer:
    """An accepted fill-in answer; ``*`` matches anything (Moodle's wildcard)."""

    text: str
    fraction: float = 1.0
    feedback: str = ""


@dataclass
class PairData:
    left: str
    right: str


@dataclass
class QuestionData:
    type: str
    text: str
    name: str = ""
    key: str = ""
    category: tuple[str, ...] = ()
    tags: list[str] = field(default_factory=list)
    difficulty: int = DEFAULT_DIFFICULTY
    explanation: str = ""
    penalty: float = 0.0
    choices: list[ChoiceData] = field(default_factory=list)
    answer: bool | None = None
    true_feedback: str = ""
    false_feedback: str = ""
    accepted: list[AcceptedAnswer] = field(default_factory=list)
    case_sensitive: bool = False
    items: list[str] = field(default_factory=list)
    pairs: list[PairData] = field(default_factory=list)
    distractors: list[str] = field(default_factory=list)
    grader_info: str = ""

    def correct_choices(self) -> list[ChoiceData]:
        return [c for c in self.choices if c.fraction > 0]


@dataclass
class Problem:
    """A question that was skipped, where it was and why."""

    where: str
    reason: str

    def __str__(self):
        return f"{self.where}: {self.reason}"


def validate(q: QuestionData) -> str | None:
    """Return why ``q`` cannot be used, or None; every reader and writer applies the same checks."""
    if q.type not in QUESTION_TYPES:
        return f"unsupported question type {q.type!r}"
    if not q.text.strip():
        return "empty question text"
    if q.type in (SINGLE, MULTIPLE):
        if len(q.choices) < 2:
            return "needs at least two choices"
        if not any(c.fraction > 0 for c in q.choices):
            return "no choice gives any credit"
        if q.type == SINGLE and max(c.fraction for c in q.choices) < 1:
            return "single choice without a fully correct choice"
    if q.type == TRUEFALSE and q.answer is None:
        return "true/false without an answer"
    if q.type == FILL and not any(a.fraction > 0 for a in q.accepted):
        return "fill-in without an accepted answer"
    if q.type == ORDERING and len(q.items) < 2:
        return "ordering needs at least two items"
    if q.type == MATCHING and len(q.pairs) < 2:
        return "matching needs at least two pairs"
    if not 1 <= q.difficulty <= 3:
        return "difficulty must be 1, 2 or 3"
    return None


def split_difficulty_tag(tags: list[str]) -> tuple[list[str], int]:
    """Separate the ``difficulty-N`` tag (how formats without a difficulty field carry it)."""
    rest, difficulty = [], DEFAULT_DIFFICULTY
    for tag in tags:
        suffix = tag[len(DIFFICULTY_TAG_PREFIX) :]
        if tag.startswith(DIFFICULTY_TAG_PREFIX) and suffix in ("1", "2", "3"):
            difficulty = int(suffix)
        else:
            rest.append(tag)
    return rest, difficulty


FORMATS = {
    "moodle-xml": ("moodle_xml", (".xml",)),
    "gift": ("gift", (".gift",)),
    "aiken": ("aiken", ()),
    "xlsx": ("xlsx", (".xlsx",)),
    "yaml": ("yaml_bank", (".yaml", ".yml")),
}


def format_from_filename(name: str, data: bytes = b"") -> str | None:
    """Guess the format from the extension; a ``.txt`` file is Aiken when its name or content says so."""
    lower = name.lower()
    if lower.endswith(".txt"):
        head = data[:20000].decode("utf-8", "ignore")
        looks_aiken = "{" not in head and any(line.startswith("ANSWER:") for line in head.splitlines())
        return "aiken" if "aiken" in lower or looks_aiken else "gift"
    for fmt, (_, exts) in FORMATS.items():
        if lower.endswith(exts):
            return fmt
    return None


def _module(fmt: str):
    if fmt not in FORMATS:
        raise BankFileError(f"unknown format {fmt!r}")
    return importlib.import_module(f"exams.formats.{FORMATS[fmt][0]}")


def read_bank(data: bytes, fmt: str) -> tuple[list[QuestionData], list[Problem]]:
    return _module(fmt).read(data)


def write_bank(questions: list[QuestionData], fmt: str) -> tuple[bytes, list[Problem]]:
    module = _module(fmt)
    if not hasattr(module, "write"):
        raise BankFileError(f"format {fmt!r} cannot be written")
    return module.write(questions)


def decode_text(data: bytes) -> str:
    """Decode a text bank (UTF-8 with or without BOM, else GB18030, common for Chinese Excel users)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BankFileError("the file is not UTF-8 or GB18030 text")


class _TextExtractor(HTMLParser):
    BREAKS = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.BREAKS - {"br"}:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (the site shows question text as text): tags dropped, entities
    decoded, paragraphs and line breaks kept as single newlines."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line)
