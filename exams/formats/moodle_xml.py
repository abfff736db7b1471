"""Moodle XML: read and write.

Types map as multichoice (``<single>``) → single/multiple, truefalse, shortanswer → fill, matching,
essay, ordering (the qtype_ordering plug-in: answers in the correct order). Fractions are percentages in
the file. Other types (numerical, description, calculated, cloze …) are reported, not imported.
Our key is ``<idnumber>``; difficulty travels as a ``difficulty-N`` tag. Parsing uses defusedxml, so an
uploaded file cannot expand entities or fetch anything. The site shows text, so HTML fields become
plain text on import (tags dropped, entities decoded) and the writer marks its fields ``plain_text``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from i18n.messages import Message, gettext_noop

from .gift import category_path
from .model import (
    DIFFICULTY_TAG_PREFIX,
    ESSAY,
    FILL,
    MATCHING,
    MULTIPLE,
    ORDERING,
    SINGLE,
    TRUEFALSE,
    AcceptedAnswer,
    BankFileError,
    ChoiceData,
    PairData,
    Problem,
    QuestionData,
    at_question,
    fraction,
    html_to_text,
    problem,
    split_difficulty_tag,
    unsupported_type,
    validate,
)


def _text(node, path: str = "text") -> str:
    """The text of ``node/path``; HTML (``format="html"`` on ``node``) becomes plain text."""
    found = node.find(path) if node is not None else None
    raw = (found.text or "").strip() if found is not None else ""
    return html_to_text(raw) if node is not None and node.get("format") == "html" else raw


def _pct(value) -> float:
    try:
        return fraction(float(value) / 100)
    except (TypeError, ValueError):
        return 0.0


def _answers(el):
    for a in el.findall("answer"):
        yield _text(a), _pct(a.get("fraction", "0")), _text(a.find("feedback"))


def _question(el, category: tuple[str, ...]) -> QuestionData | Message:
    qtype = el.get("type", "")
    tags, difficulty = split_difficulty_tag([_text(t) for t in el.findall("tags/tag")])
    q = QuestionData(
        type=ESSAY,
        text=_text(el.find("questiontext")),
        name=_text(el.find("name")),
        key=_text(el, "idnumber"),
        category=category,
        tags=tags,
        difficulty=difficulty,
        explanation=_text(el.find("generalfeedback")),
        penalty=fraction(_text(el, "penalty") or 0),
    )
    if qtype == "multichoice":
        q.type = SINGLE if _text(el, "single").lower() in ("true", "1") else MULTIPLE
        q.choices = [ChoiceData(t, f, fb) for t, f, fb in _answers(el)]
    elif qtype == "truefalse":
        for t, f, fb in _answers(el):
            value = t.lower() == "true"
            if f > 0:
                q.answer = value
            if value:
                q.true_feedback = fb
            else:
                q.false_feedback = fb
        q.type = TRUEFALSE
    elif qtype == "shortanswer":
        q.type = FILL
        q.case_sensitive = _text(el, "usecase") == "1"
        q.accepted = [AcceptedAnswer(t, f, fb) for t, f, fb in _answers(el)]
    elif qtype == "matching":
        q.type = MATCHING
        for sub in el.findall("subquestion"):
            left, right = _text(sub), _text(sub.find("answer"))
            if left:
                q.pairs.append(PairData(left, right))
            elif right:
                q.distractors.append(right)
    elif qtype == "ordering":
        q.type = ORDERING
        ranked = sorted(enumerate(el.findall("answer")), key=lambda ia: (float(ia[1].get("fraction", ia[0])), ia[0]))
        q.items = [_text(a) for _, a in ranked]
    elif qtype == "essay":
        q.grader_info = _text(el.find("graderinfo"))
    else:
        return unsupported_type(qtype)
    return q


def read(data: bytes) -> tuple[list[QuestionData], list[Problem]]:
    try:
        root = SafeET.fromstring(data)
    except (ET.ParseError, DefusedXmlException) as exc:
        raise BankFileError(Message(gettext_noop("不是可读的 XML 文件：%(error)s"), error=exc)) from exc
    if root.tag != "quiz":
        raise BankFileError(Message(gettext_noop("不是 Moodle XML 试题文件（根元素不是 <quiz>）")))
    questions, problems, category = [], [], ()
    for index, el in enumerate(root.findall("question"), 1):
        if el.get("type") == "category":
            category = category_path(_text(el.find("category")))
            continue
        parsed = _question(el, category)
        reason = parsed if isinstance(parsed, Message) else validate(parsed)
        if reason:
            problems.append(problem(at_question(index, _text(el.find("name"))), reason))
        else:
            questions.append(parsed)
    return questions, problems


def _sub(parent, tag: str, text: str | None = None, **attrs):
    node = ET.SubElement(parent, tag, attrs)
    if text is not None:
        ET.SubElement(node, "text").text = text
    return node


def _plain(parent, tag: str, value: str):
    ET.SubElement(parent, tag).text = value


def _pct_text(value: float) -> str:
    return f"{value * 100:.7g}"


def _answer(parent, text: str, value: float, feedback: str = "", fmt: str = "plain_text"):
    a = _sub(parent, "answer", text, fraction=_pct_text(value), format=fmt)
    _sub(a, "feedback", feedback, format=PLAIN)


PLAIN = "plain_text"
WRITE_TYPES = {SINGLE: "multichoice", MULTIPLE: "multichoice", TRUEFALSE: "truefalse", FILL: "shortanswer"}


def _write_question(root, q: QuestionData):
    el = ET.SubElement(root, "question", type=WRITE_TYPES.get(q.type, q.type))
    _sub(el, "name", q.name)
    _sub(el, "questiontext", q.text, format=PLAIN)
    _sub(el, "generalfeedback", q.explanation, format=PLAIN)
    _plain(el, "defaultgrade", "1.0000000")
    _plain(el, "penalty", f"{q.penalty:.7f}")
    _plain(el, "hidden", "0")
    _plain(el, "idnumber", q.key)
    if q.type in (SINGLE, MULTIPLE):
        _plain(el, "single", "true" if q.type == SINGLE else "false")
        _plain(el, "shuffleanswers", "true")
        for c in q.choices:
            _answer(el, c.text, c.fraction, c.feedback)
    elif q.type == TRUEFALSE:
        _answer(el, "true", 1.0 if q.answer else 0.0, q.true_feedback, "moodle_auto_format")
        _answer(el, "false", 0.0 if q.answer else 1.0, q.false_feedback, "moodle_auto_format")
    elif q.type == FILL:
        _plain(el, "usecase", "1" if q.case_sensitive else "0")
        for a in q.accepted:
            _answer(el, a.text, a.fraction, a.feedback, "moodle_auto_format")
    elif q.type == MATCHING:
        _plain(el, "shuffleanswers", "true")
        for left, right in [(p.left, p.right) for p in q.pairs] + [("", d) for d in q.distractors]:
            sub = _sub(el, "subquestion", left, format=PLAIN)
            _sub(sub, "answer", right)
    elif q.type == ORDERING:
        _plain(el, "layouttype", "VERTICAL")
        _plain(el, "selecttype", "ALL")
        for rank, item in enumerate(q.items, 1):
            _sub(el, "answer", item, fraction=str(rank), format="moodle_auto_format")
    elif q.type == ESSAY:
        _plain(el, "responseformat", "editor")
        _sub(el, "graderinfo", q.grader_info, format=PLAIN)
    tags = ET.SubElement(el, "tags")
    for tag in [*q.tags, f"{DIFFICULTY_TAG_PREFIX}{q.difficulty}"]:
        _sub(tags, "tag", tag)


def write(questions: list[QuestionData]) -> tuple[bytes, list[Problem]]:
    root = ET.Element("quiz")
    category = None
    for q in questions:
        if q.category != category:
            category = q.category
            cat = ET.SubElement(root, "question", type="category")
            _sub(cat, "category", "/".join(["$course$", *(p.replace("/", "//") for p in q.category)]))
        _write_question(root, q)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n", []
