"""Reads of courses and progress, scoped to what a user may see.

Staff see only live, public pages and only their own progress; every query here takes the user (or
their own staff profile) so a view cannot ask for someone else's.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import CharField, Exists, ExpressionWrapper, F, FilteredRelation, OuterRef, Q, QuerySet
from wagtail.models import PageViewRestriction

from people.models import Staff

from .learner_progress import ProgressRow, QuizGrade, module_overdue, progress_row
from .models import CourseIndexPage, LessonPage, LessonProgress, ModuleAssignment, ModulePage


def lessons_visible_to(user) -> QuerySet[LessonPage]:
    """Lessons ``user`` may read and record progress on: live and not view-restricted."""
    if not getattr(user, "is_authenticated", False):
        return LessonPage.objects.none()
    return LessonPage.objects.live().public()


def modules_in_catalogue(catalogue: CourseIndexPage) -> QuerySet[ModulePage]:
    return ModulePage.objects.child_of(catalogue).live().public().order_by("path")


def _without_restricted(pages: QuerySet) -> QuerySet:
    """``pages`` without those at or below a view-restricted page: ``PageQuerySet.public()`` as a subquery
    of the same query (``public()`` first loads every restriction in a query of its own)."""
    restricted = PageViewRestriction.objects.annotate(
        outer_path=ExpressionWrapper(OuterRef("path"), output_field=CharField())
    ).filter(outer_path__startswith=F("page__path"))
    return pages.filter(~Exists(restricted))


def _lessons_of(modules, *, public_only=True) -> dict[str, list[LessonPage]]:
    """Live lessons of ``modules`` (one query), in reading order, keyed by the module's tree path.

    ``public_only=False`` skips the view-restriction lookup, for navigation inside a lesson the reader
    already passed (its module's restrictions were checked when the lesson was served).
    """
    paths = [m.path for m in modules]
    if not paths:
        return {}
    cond = Q()
    for path in paths:
        cond |= Q(path__startswith=path)
    depth = modules[0].depth + 1
    lessons = LessonPage.objects.live()
    if public_only:
        lessons = _without_restricted(lessons)
    lessons = (
        lessons.filter(cond, depth=depth)
        .defer_streamfields()
        .only("pk", "title", "path", "depth", "url_path", "estimated_minutes", "slug")
        .order_by("path")
    )
    by_module = {path: [] for path in paths}
    for lesson in lessons:
        by_module[lesson.path[: -LessonPage.steplen]].append(lesson)
    return by_module


def _progress_of(staff: Staff | None, lessons) -> dict[int, LessonProgress]:
    if staff is None or not lessons:
        return {}
    rows = LessonProgress.objects.filter(staff=staff, lesson__in=[lesson.pk for lesson in lessons])
    return {p.lesson_id: p for p in rows}


@dataclass
class ModuleProgress:
    module: ModulePage
    lessons: list[LessonPage]
    progress: dict[int, LessonProgress]
    assignment: ModuleAssignment | None = None
    today: datetime.date | None = None
    done_ids: set[int] = field(init=False)

    def __post_init__(self):
        self.done_ids = {pk for pk, p in self.progress.items() if p.completed_at}

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def done(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.pk in self.done_ids)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    @property
    def overdue(self) -> bool:
        due = self.assignment.due_on if self.assignment else None
        return bool(self.today) and module_overdue(due_on=due, complete=self.complete, today=self.today)

    @property
    def next_lesson(self) -> LessonPage | None:
        """The lesson to continue with: the first unfinished one, in reading order."""
        return next((lesson for lesson in self.lessons if lesson.pk not in self.done_ids), None)

    @property
    def resume_position(self) -> str:
        lesson = self.next_lesson
        progress = self.progress.get(lesson.pk) if lesson else None
        return progress.last_position if progress else ""


def _own_progress(user, lessons) -> tuple[int | None, dict[int, LessonProgress]]:
    """The user's staff id and their progress in ``lessons``, in one query (staff LEFT JOIN progress)."""
    if not getattr(user, "is_authenticated", False):
        return None, {}
    fields = ("lesson_id", "started_at", "completed_at", "last_position")
    rows = (
        Staff.objects.filter(user=user)
        .annotate(
            mine=FilteredRelation(
                "lesson_progress", condition=Q(lesson_progress__lesson_id__in=[lesson.pk for lesson in lessons])
            )
        )
        .values("pk", *(f"mine__{name}" for name in fields))
    )
    staff_id, progress = None, {}
    for row in rows:
        staff_id = row["pk"]
        if row["mine__lesson_id"] is not None:
            values = {name: row[f"mine__{name}"] for name in fields}
            progress[values["lesson_id"]] = LessonProgress(staff_id=staff_id, **values)
    return staff_id, progress


def module_overview(*, module: ModulePage, user) -> dict:
    """Context for a module page: its lessons and this user's own progress through them.

    The module's own view restrictions were checked when it was served; its lessons' are not looked up.
    """
    lessons = _lessons_of([module], public_only=False)[module.path]
    staff_id, progress = _own_progress(user, lessons)
    return {"overview": ModuleProgress(module=module, lessons=lessons, progress=progress), "staff": staff_id}


def _staff_and_progress(user, lesson: LessonPage) -> tuple[Staff | None, LessonProgress | None]:
    """The user's staff profile and their progress in ``lesson``, in one query (a LEFT JOIN)."""
    if not getattr(user, "is_authenticated", False):
        return None, None
    fields = ("id", "started_at", "opened_at", "completed_at", "last_position", "answers")
    row = (
        Staff.objects.filter(user=user)
        .annotate(mine=FilteredRelation("lesson_progress", condition=Q(lesson_progress__lesson=lesson)))
        .annotate(**{f"mine_{name}": F(f"mine__{name}") for name in fields})
        .first()
    )
    if row is None:
        return None, None
    if row.mine_id is None:
        return row, None
    values = {name: getattr(row, f"mine_{name}") for name in fields}
    return row, LessonProgress(staff=row, lesson=lesson, **values)


def lesson_reading(*, lesson: LessonPage, user) -> dict:
    """Context for a lesson page: its module, neighbours, and this user's own progress."""
    staff, progress = _staff_and_progress(user, lesson)
    module = getattr(lesson, "_cached_parent_obj", None)
    if not isinstance(module, ModulePage):
        module = ModulePage.objects.get(path=lesson.path[: -LessonPage.steplen])
    siblings = _lessons_of([module], public_only=False)[module.path]
    index = next((i for i, s in enumerate(siblings) if s.pk == lesson.pk), None)
    answers = progress.answers if progress else {}
    checks = []
    for block_id, value in lesson.check_blocks().items():
        chosen = answers.get(block_id)
        choice = value["choices"][chosen] if chosen is not None and chosen < len(value["choices"]) else None
        right = bool(choice and choice.get("correct"))
        checks.append({"id": block_id, "question": value["question"], "choice": choice, "right": right})
    return {
        "module": module,
        "staff": staff,
        "progress": progress,
        "checks": checks,
        "checks_open": sum(1 for c in checks if not c["right"]),
        "previous_lesson": siblings[index - 1] if index else None,
        "next_lesson": siblings[index + 1] if index is not None and index + 1 < len(siblings) else None,
        "lesson_number": (index or 0) + 1,
        "lesson_count": len(siblings),
    }


def my_training(*, staff: Staff, today: datetime.date) -> list[ModuleProgress]:
    """The modules assigned to ``staff`` with their progress: overdue first, then by due date."""
    assignments = list(
        ModuleAssignment.objects.filter(staff=staff, module__live=True)
        .select_related("module")
        .order_by("due_on", "module__path")
    )
    modules = [a.module for a in assignments]
    lessons = _lessons_of(modules)
    progress = _progress_of(staff, [lesson for group in lessons.values() for lesson in group])
    rows = [
        ModuleProgress(
            module=a.module,
            lessons=lessons[a.module.path],
            progress={lesson.pk: progress[lesson.pk] for lesson in lessons[a.module.path] if lesson.pk in progress},
            assignment=a,
            today=today,
        )
        for a in assignments
    ]
    return sorted(rows, key=lambda r: (r.complete, not r.overdue, r.assignment.due_on or datetime.date.max))


def lesson_document_ids(lesson: LessonPage) -> set[int]:
    """Ids of the documents a lesson offers (download blocks and uploaded videos), from its stored body."""
    found = set()
    for block in lesson.body.raw_data:
        value = block.get("value") or {}
        if block["type"] == "document" and value.get("document"):
            found.add(int(value["document"]))
        elif block["type"] == "video" and value.get("file"):
            found.add(int(value["file"]))
    return found


def document_visible_to(user, document) -> bool:
    """Editors may fetch any document; others only one offered by a live lesson they can read."""
    from wagtail.documents import get_document_model
    from wagtail.models import ReferenceIndex
    from wagtail.permissions import policy_registry

    if not getattr(user, "is_authenticated", False):
        return False
    if policy_registry.get_by_type(get_document_model()).user_has_any_permission(user, ["add", "change", "choose"]):
        return True
    ids = [
        int(i) for i in ReferenceIndex.get_references_to(document).values_list("object_id", flat=True) if i.isdigit()
    ]
    lessons = lessons_visible_to(user).filter(pk__in=ids)
    return any(document.pk in lesson_document_ids(lesson) for lesson in lessons)


def _module_quizzes(modules) -> dict[int, object]:
    """Each module's quiz (one query): the one keyed ``module:<key>``, else one linked to the page."""
    from exams.models import Quiz

    keys = {f"module:{m.source_key or m.slug}": m.pk for m in modules}
    found: dict[int, object] = {}
    for quiz in Quiz.objects.filter(Q(source_key__in=keys) | Q(module__in=[m.pk for m in modules])).order_by("pk"):
        if quiz.source_key in keys:
            found[keys[quiz.source_key]] = quiz
        elif quiz.module_id in {m.pk for m in modules}:
            found.setdefault(quiz.module_id, quiz)
    return found


def learner_progress(*, user, today: datetime.date, hall=None, module=None) -> list[ProgressRow]:
    """Assigned modules of the people ``user`` may see (employed ``today``), with lessons done and quiz
    grades: one row per assignment, by hall, staff number and module, in five queries whatever their number.
    """
    from exams.selectors import quizzes_final_grades
    from people.selectors import staff_visible_to

    people = staff_visible_to(user).employed_on(today)
    if hall is not None:
        people = people.filter(hall=hall)
    assignments = ModuleAssignment.objects.filter(staff__in=people.values("pk"), module__live=True)
    if module is not None:
        assignments = assignments.filter(module=module)
    assignments = list(
        assignments.select_related("staff__hall", "module").order_by(
            "staff__hall__code", "staff__staff_no", "module__path"
        )
    )
    modules = sorted({a.module_id: a.module for a in assignments}.values(), key=lambda m: m.path)
    ranks = {m.pk: rank for rank, m in enumerate(modules)}
    lessons = _lessons_of(modules)
    lesson_ids = {m.pk: [lesson.pk for lesson in lessons[m.path]] for m in modules}
    staff_ids = people.values("pk")
    completed: dict[int, dict[int, datetime.datetime]] = {}
    if modules:
        done = LessonProgress.objects.filter(
            staff__in=staff_ids,
            lesson__in=[pk for ids in lesson_ids.values() for pk in ids],
            completed_at__isnull=False,
        )
        for staff_id, lesson_id, at in done.values_list("staff_id", "lesson_id", "completed_at"):
            completed.setdefault(staff_id, {})[lesson_id] = at
    quizzes = _module_quizzes(modules) if modules else {}
    grades = quizzes_final_grades(quizzes=quizzes.values(), staff_ids=staff_ids)
    rows = []
    for a in assignments:
        s, m, quiz = a.staff, a.module, quizzes.get(a.module_id)
        rows.append(
            progress_row(
                person={
                    "staff_id": s.pk,
                    "staff_no": s.staff_no,
                    "name": s.name,
                    "hall_code": s.hall.code,
                    "hall_name": s.hall.name,
                },  # fmt: skip
                module={
                    "module_id": m.pk,
                    "module_code": m.code,
                    "module_title": m.title,
                    "module_rank": ranks[m.pk],
                },  # fmt: skip
                lesson_ids=lesson_ids[m.pk],
                completed=completed.get(s.pk, {}),
                due_on=a.due_on,
                today=today,
                quiz=QuizGrade(quiz.pk, quiz.title, float(quiz.pass_mark), grades.get((quiz.pk, s.pk)))
                if quiz
                else None,
            )
        )
    return rows
