"""Load the shipped certification programs (``content/programs.yaml``) with their exams.

Called by ``load_curriculum`` through the ``peixun_curriculum_loaders`` hook, after the exams loader
(the bank must be loaded). A program is matched by its code and its exam by ``cert:<code>``: each is
created once and afterwards left to HR and the trainers, unless ``force`` resets it to the file; so
running it twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from courses.models import ModulePage
from evidence.models import EventKind
from exams.models import QuestionCategory, Quiz, QuizSlot

from .imports import CODE
from .models import Program

EXAM_DEFAULTS = {"grading_method": "highest", "review": "score", "layout": "one", "event_kind": EventKind.OTHER}


class ProgramsFileError(ValueError):
    """The programs file cannot be used; ``str()`` lists the problems."""


def programs_file() -> Path:
    return Path(getattr(settings, "PEIXUN_PROGRAMS_FILE", settings.BASE_DIR / "content" / "programs.yaml"))


def programs_read(text: str) -> list[dict]:
    """Return the programs of the file, checked (code, name, exam draw); raise ProgramsFileError."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ProgramsFileError(str(exc)) from exc
    programs, problems = data.get("programs") or [], []
    for index, p in enumerate(programs):
        if not CODE.match(str(p.get("code", ""))) or not p.get("name"):
            problems.append(f"programs[{index}]: code / name")
        for category, counts in ((p.get("exam") or {}).get("draw") or {}).items():
            if not isinstance(counts, dict) or not all(isinstance(n, int) and n > 0 for n in counts.values()):
                problems.append(f"programs[{index}].exam.draw.{category}")
    if problems:
        raise ProgramsFileError("; ".join(problems))
    return programs


def exam_ensure(code: str, exam: dict, *, force: bool = False) -> tuple[Quiz, bool]:
    """Return the program's exam quiz (``cert:<code>``), creating it or resetting it to the file with ``force``."""
    quiz = Quiz.objects.filter(source_key=f"cert:{code}").first()
    if quiz is not None and not force:
        return quiz, False
    created = quiz is None
    quiz = quiz or Quiz(source_key=f"cert:{code}")
    values = EXAM_DEFAULTS | {k: exam[k] for k in ("title", "pass_mark", "attempts_allowed", "time_limit_minutes")}
    for name, value in values.items():
        setattr(quiz, name, value)
    quiz.save()
    quiz.slots.all().delete()
    order = 0
    for category, counts in exam["draw"].items():
        bank = QuestionCategory.objects.get(path=category)
        for qtype, count in counts.items():
            QuizSlot.objects.create(quiz=quiz, category=bank, question_type=qtype, count=count, sort_order=order)
            order += 1
    return quiz, created


def programs_load(*, stdout=None, force: bool = False, path: Path | None = None) -> dict:
    """Create the shipped programs (and their exams) that do not exist yet, or reset them with ``force``."""
    totals = {"created": 0, "reset": 0, "unchanged": 0}
    path = path or programs_file()
    if not path.is_file():
        return totals
    with transaction.atomic():
        for p in programs_read(path.read_text(encoding="utf-8")):
            program = Program.objects.filter(code=p["code"]).first()
            if program is not None and not force:
                totals["unchanged"] += 1
                continue
            exam = exam_ensure(p["code"], p["exam"], force=force)[0] if p.get("exam") else None
            values = {
                "name": p["name"],
                "description": p.get("description", ""),
                "posts": list(p.get("posts") or []),
                "exam": exam,
                "practical_required": bool(p.get("practical")),
                "practical_description": p.get("practical") or "",
                "source_key": f"curriculum:{p['code']}",
            }
            values |= {k: p[k] for k in ("validity_months", "window_days", "grace_days") if k in p}
            program, created = Program.objects.update_or_create(code=p["code"], defaults=values)
            program.modules.set(ModulePage.objects.filter(source_key__in=p.get("modules") or []))
            totals["created" if created else "reset"] += 1
    if stdout:
        stdout.write(_("认证项目：新建 %(created)s，重置 %(reset)s，不变 %(unchanged)s") % totals + "\n")
    return totals
