"""Aiken (read only): a question line, options ``A)`` or ``A.``, then ``ANSWER: X``.

Mirrors Moodle's qformat_aiken: options may have no space after the letter; a block with fewer than
two options, options with no question, or a question with no ``ANSWER:`` line is reported and skipped.
"""

from __future__ import annotations

import re

from .model import SINGLE, ChoiceData, Problem, QuestionData, decode_text

_OPTION = re.compile(r"^([A-Z])[).]\s*(.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*(.*)$")


def read(data: bytes) -> tuple[list[QuestionData], list[Problem]]:
    questions, problems = [], []
    text_lines: list[str] = []
    options: list[tuple[str, str]] = []
    start, orphan = 0, False

    def reset():
        nonlocal text_lines, options, start
        text_lines, options, start = [], [], 0

    for number, raw in enumerate(decode_text(data).splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        option, answer = _OPTION.match(line), _ANSWER.match(line)
        if answer:
            if not text_lines:
                if not orphan:
                    problems.append(Problem(f"line {number}", "ANSWER line without a question"))
                orphan = False
                continue
            letters = dict(options)
            letter = answer.group(1).strip()[:1].upper()
            where = f"line {start}"
            if len(options) < 2:
                problems.append(Problem(where, "a question needs at least two options"))
            elif letter not in letters:
                problems.append(Problem(where, f"ANSWER {letter!r} is not one of the options"))
            else:
                text = "\n".join(text_lines)
                choices = [ChoiceData(t, 1.0 if k == letter else 0.0) for k, t in options]
                questions.append(QuestionData(type=SINGLE, text=text, name=text[:80], choices=choices))
            reset()
        elif option:
            if not text_lines:
                if not orphan:
                    problems.append(Problem(f"line {number}", "options without a question"))
                orphan = True
                continue
            options.append((option.group(1), option.group(2).strip()))
        else:
            if options:
                problems.append(Problem(f"line {start}", "question has no ANSWER line"))
                reset()
            orphan = False
            start = start or number
            text_lines.append(line)
    if text_lines:
        problems.append(Problem(f"line {start}", "question has no ANSWER line"))
    return questions, problems
