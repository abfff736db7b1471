"""The common, format-independent model of a question bank (plain dataclasses, no Django).

Fractions are floats rounded to 7 decimals (Moodle stores percentages with 7 significant digits,
e.g. 33.33333), so a bank written and read again compares equal.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from html.parser import HTMLParser

from i18n import textfiles
from i18n.messages import Message, gettext_noop

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
    """The whole file cannot be read (wrong encoding, not XML, not a workbook …); ``str()`` is the message."""


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


UNSUPPORTED_KINDS = ("numerical", "description", "calculated", "multianswer", "cloze")


@dataclass(frozen=True)
class Problem:
    """A question that was skipped (or not exported): where it was, why, and what kind of problem.

    ``place`` and ``why`` are ``Message``s, rendered (``where``, ``reason``, ``str()``) in the language
    active when shown; ``kind`` (an unsupported type such as ``numerical``, else ``invalid``) is for counts.
    """

    place: Message
    why: Message
    kind: str = "invalid"

    @property
    def where(self) -> str:
        return str(self.place)

    @property
    def reason(self) -> str:
        return str(self.why)

    def __str__(self):
        return str(Message(gettext_noop("%(where)s：%(reason)s"), where=self.place, reason=self.why))


def at_line(number: int, name: str = "") -> Message:
    """Where a problem is in a text file (Aiken, GIFT)."""
    if name:
        return Message(gettext_noop("第 %(n)s 行（%(name)s）"), n=number, name=name)
    return Message(gettext_noop("第 %(n)s 行"), n=number)


def at_row(number: int) -> Message:
    """Where a problem is in a spreadsheet."""
    return Message(gettext_noop("表格第 %(n)s 行"), n=number)


def at_question(index: int, name: str = "") -> Message:
    """Where a problem is by the question's position (XML, YAML, exports)."""
    if name:
        return Message(gettext_noop("第 %(n)s 题（%(name)s）"), n=index, name=name)
    return Message(gettext_noop("第 %(n)s 题"), n=index)


def unsupported_type(qtype: str) -> Message:
    """Why a question of a type we do not import (numerical, description …) was skipped."""
    return Message(gettext_noop("不支持题型 %(type)s"), type=repr(qtype))


def problem(where: Message, why: Message) -> Problem:
    """A ``Problem``; a reason about a question type (its ``type`` parameter) that we never import sets the kind."""
    qtype = str(why.params.get("type", ""))
    return Problem(where, why, next((word for word in UNSUPPORTED_KINDS if word in qtype), "invalid"))


def validate(q: QuestionData) -> Message | None:
    """Return why ``q`` cannot be used, or None; every reader and writer applies the same checks."""
    if q.type not in QUESTION_TYPES:
        return Message(gettext_noop("不支持的题型 %(type)s"), type=repr(q.type))
    if not q.text.strip():
        return Message(gettext_noop("题干为空"))
    if q.type in (SINGLE, MULTIPLE):
        if len(q.choices) < 2:
            return Message(gettext_noop("至少需要两个选项"))
        if not any(c.fraction > 0 for c in q.choices):
            return Message(gettext_noop("没有任何选项得分"))
        if q.type == SINGLE and max(c.fraction for c in q.choices) < 1:
            return Message(gettext_noop("单选题没有完全正确的选项"))
    if q.type == TRUEFALSE and q.answer is None:
        return Message(gettext_noop("判断题没有答案"))
    if q.type == FILL and not any(a.fraction > 0 for a in q.accepted):
        return Message(gettext_noop("填空题没有可接受的答案"))
    if q.type == ORDERING and len(q.items) < 2:
        return Message(gettext_noop("排序题至少需要两项"))
    if q.type == MATCHING and len(q.pairs) < 2:
        return Message(gettext_noop("匹配题至少需要两对"))
    if not 1 <= q.difficulty <= 3:
        return Message(gettext_noop("难度必须是 1、2 或 3"))
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
        try:
            head = textfiles.decode_text(data[:20000])[0]
        except textfiles.UnknownEncoding:
            head = data[:20000].decode("utf-8", "ignore")
        looks_aiken = "{" not in head and any(line.startswith("ANSWER:") for line in head.splitlines())
        return "aiken" if "aiken" in lower or looks_aiken else "gift"
    for fmt, (_, exts) in FORMATS.items():
        if lower.endswith(exts):
            return fmt
    return None


def _module(fmt: str):
    if fmt not in FORMATS:
        raise BankFileError(Message(gettext_noop("未知格式 %(format)s"), format=repr(fmt)))
    return importlib.import_module(f"exams.formats.{FORMATS[fmt][0]}")


def read_bank(data: bytes, fmt: str) -> tuple[list[QuestionData], list[Problem]]:
    return _module(fmt).read(data)


def write_bank(questions: list[QuestionData], fmt: str) -> tuple[bytes, list[Problem]]:
    module = _module(fmt)
    if not hasattr(module, "write"):
        raise BankFileError(Message(gettext_noop("格式 %(format)s 不能导出"), format=repr(fmt)))
    return module.write(questions)


def decode_text(data: bytes) -> str:
    """Decode a text bank by its content: UTF-8 (BOM optional), UTF-16 or GB18030 (``i18n.textfiles``)."""
    try:
        text, _encoding = textfiles.decode_text(data)
    except textfiles.UnknownEncoding as exc:
        raise BankFileError(Message(gettext_noop("文件不是 UTF-8、UTF-16 或 GB18030 编码的文本"))) from exc
    return text.replace("\x00", "")  # PostgreSQL text cannot hold NUL


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
