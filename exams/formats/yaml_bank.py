"""The shipped bank format (``content/questions/*.yaml``, see the README): one file per module.

``category`` at the top is the module key; every question has a stable ``key`` used to upsert it.
"""

from __future__ import annotations

import yaml

from i18n.messages import Message, gettext_noop

from .model import (
    QUESTION_TYPES,
    AcceptedAnswer,
    BankFileError,
    ChoiceData,
    PairData,
    Problem,
    QuestionData,
    at_question,
    decode_text,
    fraction,
    problem,
    validate,
)


def _str(value) -> str:
    return "" if value is None else str(value).strip()


def _question(raw: dict, category: tuple[str, ...]) -> QuestionData | Message:
    qtype = _str(raw.get("type"))
    if qtype not in QUESTION_TYPES:
        return Message(gettext_noop("未知题型 %(type)s"), type=repr(qtype))
    answer = raw.get("answer")
    if qtype == "truefalse" and not isinstance(answer, bool):
        return Message(gettext_noop("判断题需要 answer: true 或 false"))
    try:
        difficulty = int(raw.get("difficulty", 2))
        choices = [
            ChoiceData(_str(c["text"]), fraction(c.get("fraction", 0)), _str(c.get("feedback")))
            for c in raw.get("choices") or []
        ]
        pairs = [PairData(_str(p["left"]), _str(p["right"])) for p in raw.get("pairs") or []]
    except (KeyError, TypeError, ValueError) as exc:
        return Message(gettext_noop("字段格式错误：%(error)s"), error=exc)
    text = _str(raw.get("text"))
    return QuestionData(
        type=qtype,
        text=text,
        name=_str(raw.get("name")) or text[:80],
        key=_str(raw.get("key")),
        category=category,
        tags=[_str(t) for t in raw.get("tags") or []],
        difficulty=difficulty,
        explanation=_str(raw.get("explanation")),
        choices=choices,
        answer=answer if qtype == "truefalse" else None,
        accepted=[AcceptedAnswer(_str(a)) for a in raw.get("accepted") or []],
        case_sensitive=bool(raw.get("case_sensitive", False)),
        items=[_str(i) for i in raw.get("items") or []],
        pairs=pairs,
        distractors=[_str(d) for d in raw.get("distractors") or []],
        grader_info=_str(raw.get("grader_info")),
    )


def read(data: bytes) -> tuple[list[QuestionData], list[Problem]]:
    try:
        doc = yaml.safe_load(decode_text(data))
    except yaml.YAMLError as exc:
        raise BankFileError(Message(gettext_noop("不是有效的 YAML：%(error)s"), error=exc)) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("questions"), list):
        raise BankFileError(Message(gettext_noop("文件应是含 category 和 questions 列表的映射")))
    category = tuple(p for p in _str(doc.get("category")).split("/") if p)
    questions, problems, seen = [], [], set()
    for index, raw in enumerate(doc["questions"], 1):
        key = _str(raw.get("key")) if isinstance(raw, dict) else ""
        parsed = _question(raw, category) if isinstance(raw, dict) else Message(gettext_noop("不是映射"))
        reason = parsed if isinstance(parsed, Message) else validate(parsed)
        if not reason and not key:
            reason = Message(gettext_noop("缺少 key"))
        if not reason and key in seen:
            reason = Message(gettext_noop("key %(key)s 重复"), key=repr(key))
        if reason:
            problems.append(problem(at_question(index, key), reason))
            continue
        seen.add(key)
        questions.append(parsed)
    return questions, problems
