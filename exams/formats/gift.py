"""GIFT (Moodle's text format): read and write.

Follows Moodle's ``qformat_gift`` rules: blank lines separate questions, whole-line ``//`` comments are
dropped (but ``[id:…]`` and ``[tag:…]`` in them are kept, as Moodle does), ``$CATEGORY:`` switches the
category, the answer block decides the type (empty: essay; ``#``: numerical; any ``~``: multiple choice,
single when some answer uses ``=``; ``=`` with ``->``: matching; T/F: true/false; else short answer),
``####`` starts the general feedback and text after the block makes a missing-word question.
Numerical and description questions are reported as unsupported.
"""

from __future__ import annotations

import re

from i18n.messages import Message, gettext_noop

from .model import (
    DIFFICULTY_TAG_PREFIX,
    ESSAY,
    FILL,
    MATCHING,
    MULTIPLE,
    SINGLE,
    TRUEFALSE,
    AcceptedAnswer,
    ChoiceData,
    PairData,
    Problem,
    QuestionData,
    at_line,
    at_question,
    decode_text,
    fraction,
    html_to_text,
    problem,
    split_difficulty_tag,
    unsupported_type,
    validate,
)

BLANK = "____"
_ESCAPES = {
    "\\\\": "\ue000",
    "\\~": "\ue001",
    "\\=": "\ue002",
    "\\#": "\ue003",
    "\\{": "\ue004",
    "\\}": "\ue005",
    "\\:": "\ue006",
}
_RESTORE = {v: k[1] for k, v in _ESCAPES.items()}
_FORMAT_TAG = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.I)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_META = re.compile(r"\[(id|tag):([^\]]*)\]")


def _protect(text: str) -> str:
    for raw, mark in _ESCAPES.items():
        text = text.replace(raw, mark)
    return text.replace("\\n", "\n")


def _restore(text: str) -> str:
    for mark, char in _RESTORE.items():
        text = text.replace(mark, char)
    return text


def _clean(text: str) -> str:
    """Drop a leading format tag (``[html]`` text becomes plain text), restore escaped characters, trim."""
    tag = _FORMAT_TAG.match(text)
    text = _restore(_FORMAT_TAG.sub("", text, count=1)).strip()
    return html_to_text(text) if tag and tag.group(1).lower() == "html" else text


def _blocks(text: str):
    """Yield (line number, comment lines, text lines) per blank-line-separated block."""
    start, comments, lines = 0, [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            if lines or comments:
                yield start, comments, lines
            start, comments, lines = 0, [], []
            continue
        start = start or number
        if line.lstrip().startswith("//"):
            comments.append(line)
        else:
            lines.append(line)
    if lines or comments:
        yield start, comments, lines


def _split_answers(body: str, markers: str) -> list[tuple[str, str]]:
    """Split an answer block into (marker, text) at each unescaped marker character."""
    parts, current, marker = [], [], None
    for char in body:
        if char in markers:
            if marker is not None or "".join(current).strip():
                parts.append((marker or "", "".join(current)))
            current, marker = [], char
        else:
            current.append(char)
    if marker is not None or "".join(current).strip():
        parts.append((marker or "", "".join(current)))
    return parts


def _weight_and_feedback(text: str, default: float) -> tuple[float, str, str]:
    text = text.strip()
    weight = default
    m = _WEIGHT.match(text)
    if m:
        weight = fraction(float(m.group(1)) / 100)
        text = text[m.end() :]
    answer, _, feedback = text.partition("#")
    return weight, _clean(answer), _clean(feedback)


def _parse_question(lines: list[str], comments: list[str], category: tuple[str, ...]) -> QuestionData | Message:
    text = _protect("\n".join(line.strip() for line in lines))
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            return Message(gettext_noop("::名称:: 没有结束"))
        name, text = _restore(text[2:end]).strip(), text[end + 2 :]
    start = text.find("{")
    if start < 0:
        return Message(gettext_noop("不支持题型 %(type)s（没有答案）"), type=repr("description"))
    finish = text.find("}", start)
    if finish < 0:
        return Message(gettext_noop("答案没有结尾的 }"))
    body = text[start + 1 : finish].strip()
    before, after = text[:start], text[finish + 1 :]
    stem = before + (BLANK + after if after.strip() else "")
    explanation = ""
    if "####" in body:
        body, _, explanation = body.partition("####")
        body = body.strip()
    meta = _META.findall(" ".join(comments))
    tags, difficulty = split_difficulty_tag([v.strip() for k, v in meta if k == "tag"])
    q = QuestionData(
        type=ESSAY,
        text=_clean(stem),
        name=name or _clean(stem)[:80],
        key=next((v.strip() for k, v in meta if k == "id"), ""),
        category=category,
        tags=tags,
        difficulty=difficulty,
        explanation=_clean(explanation),
    )
    if not body:
        return q
    if body.startswith("#"):
        return unsupported_type("numerical")
    if "~" in body:
        q.type = SINGLE if "=" in body else MULTIPLE
        for marker, part in _split_answers(body, "~="):
            weight, answer, feedback = _weight_and_feedback(part, 1.0 if marker == "=" else 0.0)
            q.choices.append(ChoiceData(answer, weight, feedback))
        return q
    if "=" in body and "->" in body:
        q.type = MATCHING
        for _, part in _split_answers(body, "="):
            left, _, right = part.partition("->")
            left, right = _clean(left), _clean(right)
            if left:
                q.pairs.append(PairData(left, right))
            elif right:
                q.distractors.append(right)
        return q
    head, _, feedbacks = body.partition("#")
    if head.strip().upper() in ("T", "TRUE", "F", "FALSE"):
        q.type = TRUEFALSE
        q.answer = head.strip().upper().startswith("T")
        wrong, _, right = feedbacks.partition("#")
        wrong, right = _clean(wrong), _clean(right)
        q.true_feedback, q.false_feedback = (right, wrong) if q.answer else (wrong, right)
        return q
    q.type = FILL
    for _, part in _split_answers(body, "="):
        weight, answer, feedback = _weight_and_feedback(part, 1.0)
        q.accepted.append(AcceptedAnswer(answer, weight, feedback))
    return q


def read(data: bytes) -> tuple[list[QuestionData], list[Problem]]:
    questions, problems, category = [], [], ()
    for line_no, comments, lines in _blocks(decode_text(data)):
        if lines and lines[0].strip().startswith("$CATEGORY:"):
            path = lines[0].strip()[len("$CATEGORY:") :].strip()
            category = category_path(path)
            lines = lines[1:]
        if not lines:
            continue
        parsed = _parse_question(lines, comments, category)
        if isinstance(parsed, Message):
            problems.append(problem(at_line(line_no), parsed))
            continue
        reason = validate(parsed)
        if reason:
            problems.append(problem(at_line(line_no, parsed.name), reason))
        else:
            questions.append(parsed)
    return questions, problems


def category_path(path: str) -> tuple[str, ...]:
    """Split a Moodle category path; drop the ``$course$``-style context prefix, ``//`` is a literal ``/``."""
    parts = [p.replace("\ue007", "/").strip() for p in path.replace("//", "\ue007").split("/")]
    if parts and parts[0].startswith("$") and parts[0].endswith("$"):
        parts = parts[1:]
    return tuple(p for p in parts if p)


def _esc(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def _pct(value: float) -> str:
    return f"%{value * 100:.7g}%"


def _fb(text: str) -> str:
    return f"#{_esc(text)}" if text else ""


def _answers(q: QuestionData) -> str | None:
    if q.type in (SINGLE, MULTIPLE):
        out = []
        for c in q.choices:
            mark = "=" if q.type == SINGLE and c.fraction == 1 else f"~{_pct(c.fraction)}"
            out.append(f"\t{mark}{_esc(c.text)}{_fb(c.feedback)}")
        return "\n".join(out)
    if q.type == TRUEFALSE:
        right, wrong = (q.true_feedback, q.false_feedback) if q.answer else (q.false_feedback, q.true_feedback)
        tail = f"#{_esc(wrong)}#{_esc(right)}" if right or wrong else ""
        return ("TRUE" if q.answer else "FALSE") + tail
    if q.type == FILL:
        return "\n".join(f"\t={_pct(a.fraction)}{_esc(a.text)}{_fb(a.feedback)}" for a in q.accepted)
    if q.type == MATCHING:
        rows = [f"\t={_esc(p.left)} -> {_esc(p.right)}" for p in q.pairs]
        return "\n".join(rows + [f"\t= -> {_esc(d)}" for d in q.distractors])
    if q.type == ESSAY:
        return ""
    return None


def write(questions: list[QuestionData]) -> tuple[bytes, list[Problem]]:
    """Write GIFT; ordering questions, grader info and case sensitivity have no GIFT form."""
    out, problems, category = [], [], None
    for index, q in enumerate(questions, 1):
        answers = _answers(q)
        if answers is None:
            problems.append(
                problem(
                    at_question(index, q.name or q.key), Message(gettext_noop("GIFT 没有 %(type)s 题型"), type=q.type)
                )
            )
            continue
        if q.category != category:
            category = q.category
            out.append("$CATEGORY: " + "/".join(p.replace("/", "//") for p in q.category) + "\n")
        meta = ([f"[id:{q.key}]"] if q.key else []) + [f"[tag:{t}]" for t in q.tags]
        meta.append(f"[tag:{DIFFICULTY_TAG_PREFIX}{q.difficulty}]")
        block = answers + (f"\n####{_esc(q.explanation)}" if q.explanation else "")
        block = f"{{\n{block}\n}}" if block else "{}"
        out.append(f"// {' '.join(meta)}\n::{_esc(q.name)}::{_esc(q.text)}{block}\n")
    return "\n".join(out).encode("utf-8"), problems
