"""Load the shipped question bank (``content/questions/*.yaml``) and give each module a quiz.

Called by ``load_curriculum`` through the ``peixun_curriculum_loaders`` hook. Questions are upserted by
their key, so running it twice changes nothing; a module's quiz is created once (key ``module:<key>``)
and afterwards left to the trainers, unless ``force`` resets its settings to the defaults below.

A keyed question of a shipped category (the first part of its category path is one the files use) that
the files no longer hold is retired: quizzes stop drawing it, its answers and statistics stay. It comes
back if the files hold it again. Questions without a key (written in the admin) are never retired.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page

from evidence.models import EventKind
from people.posts import Post

from .bank import bank_import
from .formats import BankFileError, read_bank
from .models import Question, QuestionCategory, Quiz, QuizSlot

MODULE_TITLES = {
    "etiquette": "服务礼仪测验",
    "grooming": "仪容仪表测验",
    "complaint": "投诉处理测验",
    "security": "安全保密测验",
    "service-standards": "营业服务规范测验",
    "training": "培训制度测验",
}
MODULE_AUDIENCE = {"training": [Post.HALL_MANAGER.value, Post.DUTY_MANAGER.value, Post.TRAINER.value]}
"""Posts a module quiz is offered to (default: every post). The training rules (培训制度) are for the people
who run and record the trainings (module PX-01 培训制度 is for them too)."""
QUIZ_DEFAULTS = {
    "time_limit_minutes": 20,
    "attempts_allowed": 3,
    "pass_mark": 80,
    "grading_method": "highest",
    "review": "full",
    "layout": "one",
    "shuffle_questions": True,
    "shuffle_choices": True,
}
DRAW = (("single", 3), ("multiple", 2), ("truefalse", 2), ("fill", 1), ("ordering", 1), ("matching", 1))
"""What a module quiz draws from the module's bank: 10 questions of every machine-graded type, no essays."""


def questions_dir() -> Path:
    return Path(getattr(settings, "PEIXUN_QUESTIONS_DIR", settings.BASE_DIR / "content" / "questions"))


def module_quiz_ensure(module: str, *, force: bool = False) -> tuple[Quiz, bool]:
    """Return the module's quiz (random draws from its category), creating it or resetting it with ``force``."""
    category = QuestionCategory.objects.get(path=module)
    quiz = Quiz.objects.filter(source_key=f"module:{module}").first()
    page = Page.objects.filter(slug=module).first()
    linked = {
        "title": MODULE_TITLES.get(module) or (f"{page.title}测验" if page else module),
        "module": page,
        "audience_posts": MODULE_AUDIENCE.get(module)
        or list(getattr(page and page.specific, "audience_posts", None) or []),
    }
    if quiz is not None and not force:
        if quiz.module_id is None and page is not None:
            # The bank was loaded before the module's page existed (e.g. the demo seed): link it now.
            quiz.title = linked["title"] if quiz.title == module else quiz.title
            quiz.module, quiz.audience_posts = page, quiz.audience_posts or linked["audience_posts"]
            quiz.save(update_fields=["title", "module", "audience_posts"])
        return quiz, False
    values = QUIZ_DEFAULTS | linked | {"event_kind": EventKind.ONBOARDING if module == "security" else EventKind.PLAN}
    created = quiz is None
    quiz = quiz or Quiz(source_key=f"module:{module}")
    for name, value in values.items():
        setattr(quiz, name, value)
    quiz.save()
    quiz.slots.all().delete()
    for order, (qtype, count) in enumerate(DRAW):
        QuizSlot.objects.create(quiz=quiz, category=category, question_type=qtype, count=count, sort_order=order)
    return quiz, created


def questions_load(*, stdout=None, force: bool = False, directory: Path | None = None) -> dict:
    """Load every bank file and ensure one quiz per module; return counts (also written to ``stdout``)."""
    directory = directory or questions_dir()
    totals = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0, "quizzes_created": 0, "retired": 0}
    shipped_keys, shipped_roots, complete = set(), set(), True
    for path in sorted(directory.glob("*.yaml")):
        try:
            questions, problems = read_bank(path.read_bytes(), "yaml")
        except BankFileError as exc:
            if stdout:
                stdout.write(_("试题 %(file)s：无法读取（%(error)s）") % {"file": path.name, "error": exc} + "\n")
            totals["skipped"] += 1
            complete = False
            continue
        complete = complete and not problems
        shipped_keys |= {q.key for q in questions if q.key}
        shipped_roots |= {q.category[0] for q in questions if q.category}
        with transaction.atomic():
            report = bank_import(questions, problems=problems)
            modules = {q.category[0] for q in questions if q.category}
            for module in sorted(modules):
                _quiz, created = module_quiz_ensure(module, force=force)
                totals["quizzes_created"] += created
        for name in ("created", "updated", "unchanged", "skipped"):
            totals[name] += sum(getattr(report, name).values())
        if stdout:
            counts = {
                name: sum(getattr(report, name).values()) for name in ("created", "updated", "unchanged", "skipped")
            }
            line = _("试题 %(file)s：新增 %(created)s，更新 %(updated)s，不变 %(unchanged)s，跳过 %(skipped)s")
            stdout.write(line % {"file": path.name, **counts} + "\n")
            for problem in report.problems:
                stdout.write("  " + _("跳过 %(problem)s") % {"problem": problem} + "\n")
    if complete and shipped_roots:
        totals["retired"] = questions_retire_removed(keys=shipped_keys, roots=shipped_roots)
        if stdout and totals["retired"]:
            stdout.write(
                _("试题：%(n)s 道已从题库文件中删除，已停用（不再抽取，答题记录保留）") % {"n": totals["retired"]}
                + "\n"
            )
    return totals


def questions_retire_removed(*, keys: set[str], roots: set[str]) -> int:
    """Retire the keyed questions under ``roots`` whose key is not in ``keys``; bring back those that are.

    Run only when every file was read without problems: a question skipped for a typo must not be retired.
    """
    under_roots = Q()
    for root in roots:
        under_roots |= Q(category__path=root) | Q(category__path__startswith=root + "/")
    Question.objects.filter(source_key__in=keys, retired=True).update(retired=False)
    removed = Question.objects.filter(under_roots, source_key__isnull=False, retired=False).exclude(source_key__in=keys)
    return removed.update(retired=True)
