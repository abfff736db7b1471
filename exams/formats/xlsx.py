"""The Excel template (one question per row): read, write, and the blank template.

Columns: key, category (``a/b``), type, name, text, difficulty, tags (comma separated), explanation,
answer (true/false: 对/错, true/false), case_sensitive, grader_info, penalty, then ``option_N``,
``fraction_N``, ``feedback_N`` for N = 1..MAX_OPTIONS. What an option means depends on the type:
a choice (single, multiple), an accepted answer (fill), an item in the correct order (ordering),
or ``left -> right`` (matching; ``-> right`` alone is a distractor). Text a spreadsheet would take for a
formula (``=``, ``+``, ``-``, ``@``, …) is written with a leading ``'`` and read back without it.
"""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from i18n.messages import Message, gettext_noop

from .model import (
    FILL,
    MATCHING,
    MULTIPLE,
    ORDERING,
    QUESTION_TYPES,
    SINGLE,
    TRUEFALSE,
    AcceptedAnswer,
    BankFileError,
    ChoiceData,
    PairData,
    Problem,
    QuestionData,
    at_question,
    at_row,
    fraction,
    problem,
    validate,
)

MAX_OPTIONS = 10
BASE_COLUMNS = [
    "key",
    "category",
    "type",
    "name",
    "text",
    "difficulty",
    "tags",
    "explanation",
    "answer",
    "case_sensitive",
    "grader_info",
    "penalty",
]
COLUMNS = BASE_COLUMNS + [
    f"{kind}_{n}" for n in range(1, MAX_OPTIONS + 1) for kind in ("option", "fraction", "feedback")
]
TRUE_WORDS, FALSE_WORDS = {"true", "t", "1", "对", "正确", "是", "√"}, {"false", "f", "0", "错", "错误", "否", "×"}
PAIR_SEP = "->"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    from lms.spreadsheets import cell_unquote  # here: importing the module stays free of Django

    return str(cell_unquote(value)).strip()


def _bool(value: str) -> bool | None:
    low = value.lower()
    return True if low in TRUE_WORDS else False if low in FALSE_WORDS else None


def _row_question(row: dict) -> QuestionData | Message:
    qtype = row["type"].lower()
    if qtype not in QUESTION_TYPES:
        return Message(gettext_noop("未知题型 %(type)s"), type=repr(row["type"]))
    try:
        difficulty = int(row["difficulty"] or 2)
        penalty = fraction(row["penalty"] or 0)
    except ValueError:
        return Message(gettext_noop("difficulty 和 penalty 必须是数字"))
    q = QuestionData(
        type=qtype,
        text=row["text"],
        name=row["name"] or row["text"][:80],
        key=row["key"],
        category=tuple(p.strip() for p in row["category"].split("/") if p.strip()),
        tags=[t.strip() for t in row["tags"].replace("，", ",").split(",") if t.strip()],
        difficulty=difficulty,
        explanation=row["explanation"],
        penalty=penalty,
        case_sensitive=_bool(row["case_sensitive"]) or False,
        grader_info=row["grader_info"],
    )
    if qtype == TRUEFALSE:
        q.answer = _bool(row["answer"])
        q.true_feedback, q.false_feedback = row["feedback_1"], row["feedback_2"]
    for n in range(1, MAX_OPTIONS + 1):
        text = row[f"option_{n}"]
        if not text:
            continue
        try:
            frac = fraction(row[f"fraction_{n}"] or 0)
        except ValueError:
            return Message(gettext_noop("%(column)s 不是数字"), column=f"fraction_{n}")
        feedback = row[f"feedback_{n}"]
        if qtype in (SINGLE, MULTIPLE):
            q.choices.append(ChoiceData(text, frac, feedback))
        elif qtype == FILL:
            q.accepted.append(AcceptedAnswer(text, fraction(row[f"fraction_{n}"] or 1), feedback))
        elif qtype == ORDERING:
            q.items.append(text)
        elif qtype == MATCHING:
            left, _, right = text.partition(PAIR_SEP)
            if left.strip():
                q.pairs.append(PairData(left.strip(), right.strip()))
            else:
                q.distractors.append(right.strip())
    return q


def read(data: bytes) -> tuple[list[QuestionData], list[Problem]]:
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise BankFileError(Message(gettext_noop("不是可读的 .xlsx 工作簿：%(error)s"), error=exc)) from exc
    rows = sheet.iter_rows(values_only=True)
    header = [_cell(v).lower() for v in next(rows, ())]
    missing = [c for c in ("type", "text") if c not in header]
    if missing:
        raise BankFileError(Message(gettext_noop("第一行必须是列名；缺少：%(columns)s"), columns=", ".join(missing)))
    questions, problems = [], []
    for number, values in enumerate(rows, 2):
        cells = {name: _cell(v) for name, v in zip(header, values, strict=False)}
        if not any(cells.values()):
            continue
        row = {c: cells.get(c, "") for c in COLUMNS}
        parsed = _row_question(row)
        reason = parsed if isinstance(parsed, Message) else validate(parsed)
        if reason:
            problems.append(problem(at_row(number), reason))
        else:
            questions.append(parsed)
    return questions, problems


def _options(q: QuestionData) -> list[tuple[str, float | None, str]]:
    if q.type in (SINGLE, MULTIPLE):
        return [(c.text, c.fraction, c.feedback) for c in q.choices]
    if q.type == FILL:
        return [(a.text, a.fraction, a.feedback) for a in q.accepted]
    if q.type == ORDERING:
        return [(item, None, "") for item in q.items]
    if q.type == MATCHING:
        return [(f"{p.left} {PAIR_SEP} {p.right}", None, "") for p in q.pairs] + [
            (f"{PAIR_SEP} {d}", None, "") for d in q.distractors
        ]
    if q.type == TRUEFALSE:
        return [("", None, q.true_feedback), ("", None, q.false_feedback)]
    return []


def write(questions: list[QuestionData]) -> tuple[bytes, list[Problem]]:
    from lms.spreadsheets import cell_safe  # here: importing the module stays free of Django

    wb = Workbook()
    sheet = wb.active
    sheet.title = "questions"
    sheet.append(COLUMNS)
    problems = []
    for index, q in enumerate(questions, 1):
        options = _options(q)
        if len(options) > MAX_OPTIONS:
            problems.append(
                problem(at_question(index, q.name), Message(gettext_noop("选项超过 %(n)s 个"), n=MAX_OPTIONS))
            )
            continue
        answer = "" if q.answer is None else ("true" if q.answer else "false")
        row = [q.key, "/".join(q.category), q.type, q.name, q.text, q.difficulty, ", ".join(q.tags)]
        row += [q.explanation, answer, "true" if q.case_sensitive else "", q.grader_info, q.penalty or ""]
        for text, frac, feedback in options:
            row += [text, frac, feedback]
        sheet.append([cell_safe(value) for value in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), problems


def blank_template() -> bytes:
    """Return the template with its header and one example row per type."""
    examples = [
        QuestionData(
            type=SINGLE,
            key="demo-1",
            name="示例单选",
            text="接听来电最迟几声内接起？",
            category=("礼仪",),
            choices=[ChoiceData("三声", 1.0), ChoiceData("五声", 0.0)],
        ),
        QuestionData(
            type=MULTIPLE,
            key="demo-2",
            name="示例多选",
            text="哪些属于规范用语？（多选）",
            choices=[ChoiceData("您好", 0.5), ChoiceData("请稍候", 0.5), ChoiceData("喂", -0.5)],
        ),
        QuestionData(type=TRUEFALSE, key="demo-3", name="示例判断", text="工牌应佩戴在左胸前。", answer=True),
        QuestionData(
            type=FILL,
            key="demo-4",
            name="示例填空",
            text="指甲长度不超过____毫米。",
            accepted=[AcceptedAnswer("2"), AcceptedAnswer("二")],
        ),
        QuestionData(type=ORDERING, key="demo-5", name="示例排序", text="按顺序排列。", items=["倾听", "致歉", "解决"]),
        QuestionData(
            type=MATCHING,
            key="demo-6",
            name="示例匹配",
            text="连线。",
            pairs=[PairData("红色", "停"), PairData("绿色", "行")],
            distractors=["跑"],
        ),
    ]
    return write(examples)[0]
