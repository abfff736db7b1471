"""Aiken (read only): a question line, options ``A)`` or ``A.``, then ``ANSWER: X``.

Mirrors Moodle's qformat_aiken: options may have no space after the letter; a block with fewer than
two options, options with no question, or a question with no ``ANSWER:`` line is reported and skipped.
"""

from __future__ import annotations

import re

from i18n.messages import Message, gettext_noop

from .model import SINGLE, ChoiceData, Problem, QuestionData, at_line, decode_text, problem

_OPTION = re.compile(r"^([A-Z])[).]\s*(.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*(.*)$")
NO_ANSWER = Message(gettext_noop("题目没有 ANSWER 行"))


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
                    problems.append(problem(at_line(number), Message(gettext_noop("ANSWER 行前没有题目"))))
                orphan = False
                continue
            letters = dict(options)
            letter = answer.group(1).strip()[:1].upper()
            where = at_line(start)
            if len(options) < 2:
                problems.append(problem(where, Message(gettext_noop("一道题至少需要两个选项"))))
            elif letter not in letters:
                problems.append(
                    problem(where, Message(gettext_noop("ANSWER %(letter)s 不是选项之一"), letter=repr(letter)))
                )
            else:
                text = "\n".join(text_lines)
                choices = [ChoiceData(t, 1.0 if k == letter else 0.0) for k, t in options]
                questions.append(QuestionData(type=SINGLE, text=text, name=text[:80], choices=choices))
            reset()
        elif option:
            if not text_lines:
                if not orphan:
                    problems.append(problem(at_line(number), Message(gettext_noop("选项前没有题目"))))
                orphan = True
                continue
            options.append((option.group(1), option.group(2).strip()))
        else:
            if options:
                problems.append(problem(at_line(start), NO_ANSWER))
                reset()
            orphan = False
            start = start or number
            text_lines.append(line)
    if text_lines:
        problems.append(problem(at_line(start), NO_ANSWER))
    return questions, problems
