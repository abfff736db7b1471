"""Per-post training (001 chapter 2): each post has its own module, assigned by post, with a question bank.

The file tests read the YAML only; the database tests load the shipped curriculum once each and check what a
site gets from it: a module per post assigned to the people of that post, a module quiz on the post's bank,
and the certification exams of the counter and complaint posts drawing from those banks.
"""

import datetime
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from exams.curriculum import DRAW
from exams.formats import read_bank
from exams.quality import LONGEST_RIGHT_LIMIT, bank_figures
from people.posts import Post

REPO = Path(__file__).resolve().parents[2]
CURRICULUM = REPO / "content" / "curriculum"
BANK = REPO / "content" / "questions"
PROGRAMS = REPO / "content" / "programs.yaml"

POSTS_WITH_DUTIES = {
    Post.HALL_MANAGER: "营业厅经理",
    Post.DUTY_MANAGER: "值班经理",
    Post.GREETER: "咨询引导",
    Post.FRONT_DESK: "前台销售/服务顾问",
    Post.COUNTER: "综合受理",
    Post.COMPLAINT: "投诉接待",
    Post.RETENTION: "维系挽留",
    Post.STOCK_KEEPER: "库管",
    Post.AUDITOR: "稽核",
    Post.TRAINER: "培训岗",
}
"""The posts whose duties 001 chapter 2 lists (sections 一 to 十), each taught in a module of its own."""
PROGRAM_POST_BANKS = {"CTR": {"post-counter", "post-front-desk"}, "CMP": {"post-complaint"}}


def _modules() -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(CURRICULUM.glob("*.yaml"))]


def _post_module(post: str) -> dict:
    found = [data for data in _modules() if data["module"]["audience_posts"] == [post]]
    assert len(found) == 1, (post, [data["module"]["key"] for data in found])
    return found[0]


def _bank(category: str):
    questions, problems = read_bank((BANK / f"{category}.yaml").read_bytes(), "yaml")
    assert problems == []
    return questions


def test_every_post_of_people_posts_has_duties_listed_in_001_chapter_2():
    assert set(POSTS_WITH_DUTIES) == set(Post.values)


@pytest.mark.parametrize("post", sorted(POSTS_WITH_DUTIES))
def test_each_post_with_duties_has_its_own_module_with_lessons_checks_and_a_bank(post):
    data = _post_module(post)
    module = data["module"]
    assert POSTS_WITH_DUTIES[post] in module["title"] and module["mandatory"] is True
    assert data["lessons"], post
    for lesson in data["lessons"]:
        assert any(block["type"] == "knowledge_check" for block in lesson["body"]), lesson["key"]
    assert any(block["type"] == "scenario" for lesson in data["lessons"] for block in lesson["body"]), post
    questions = _bank(module["key"])
    assert {q.category for q in questions} == {(module["key"],)}
    assert all(any(tag in POSTS_WITH_DUTIES[post] for tag in q.tags) for q in questions), post


@pytest.mark.parametrize("post", sorted(POSTS_WITH_DUTIES))
def test_each_post_bank_fills_its_module_quiz_twice_over_and_meets_the_quality_goals(post):
    category = _post_module(post)["module"]["key"]
    questions = _bank(category)
    for qtype, count in DRAW:
        assert sum(q.type == qtype for q in questions) >= count, (category, qtype)
    assert sum(q.type in {"single", "multiple", "truefalse"} for q in questions) >= 2 * (3 + 2 + 2)
    (figures,) = bank_figures(questions)
    assert figures.longest_right_share <= LONGEST_RIGHT_LIMIT and figures.problems == []


def test_the_counter_and_complaint_programs_draw_no_more_than_their_post_banks_hold():
    programs = {p["code"]: p for p in yaml.safe_load(PROGRAMS.read_text(encoding="utf-8"))["programs"]}
    for code, banks in PROGRAM_POST_BANKS.items():
        draw = programs[code]["exam"]["draw"]
        assert banks <= set(draw) and banks <= set(programs[code]["modules"]), code
        for category in banks:
            questions = _bank(category)
            for qtype, count in draw[category].items():
                assert sum(q.type == qtype for q in questions) >= 2 * count, (code, category, qtype)


def _load() -> str:
    out = StringIO()
    call_command("load_curriculum", stdout=out)
    return out.getvalue()


def _site_snapshot():
    from wagtail.models import Revision

    from certification.models import Program
    from courses.models import LessonPage, ModulePage
    from exams.models import Question, Quiz, QuizSlot

    pages = sorted(
        (p.source_key, p.live, p.latest_revision_id)
        for model in (ModulePage, LessonPage)
        for p in model.objects.exclude(source_key="")
    )
    return (
        pages,
        Revision.objects.count(),
        sorted(Question.objects.values_list("source_key", "category__path", "retired")),
        sorted(Quiz.objects.values_list("source_key", "title", "module_id")),
        sorted(QuizSlot.objects.values_list("quiz__source_key", "category__path", "question_type", "count")),
        sorted(Program.objects.values_list("code", "exam_id")),
    )


@pytest.mark.django_db
def test_load_curriculum_creates_every_post_module_with_its_quiz_and_a_second_run_changes_nothing():
    from courses.models import ModulePage
    from exams.models import Question, Quiz

    _load()
    before = _site_snapshot()
    for post in POSTS_WITH_DUTIES:
        key = _post_module(post)["module"]["key"]
        page = ModulePage.objects.get(source_key=key)
        assert page.live and page.audience_posts == [post] and page.get_children().live().exists()
        quiz = Quiz.objects.get(source_key=f"module:{key}")
        assert quiz.module_id == page.pk and quiz.title == f"{page.title}测验"
        assert {slot.category.path for slot in quiz.slots.all()} == {key}
        assert Question.objects.filter(category__path=key, retired=False).count() >= 16
    out = _load()
    assert "认证项目：新建 0，重置 0，不变 3" in out
    assert _site_snapshot() == before


@pytest.mark.django_db
def test_a_person_gets_the_module_of_their_post_and_the_counter_exam_draws_from_the_post_banks():
    """By the module's audience (assign by audience) and, for the counter post, by the CTR program's modules."""
    from certification.models import Program
    from certification.scheduling import certification_work_assign
    from courses.models import ModuleAssignment, ModulePage
    from courses.progress import module_assign_by_audience
    from exams.attempts import attempt_start
    from exams.models import Question
    from people.models import Staff
    from tests.conftest import make_hall, make_staff

    _load()
    hall = make_hall()
    people = {post: make_staff(hall, post=post) for post in POSTS_WITH_DUTIES}
    today = datetime.date(2026, 3, 2)
    for module in ModulePage.objects.live().filter(source_key__startswith="post-"):
        module_assign_by_audience(module=module, staff=Staff.objects.all(), due_on=None, today=today)
    for post, person in people.items():
        assigned = set(ModuleAssignment.objects.filter(staff=person).values_list("module__source_key", flat=True))
        assert assigned == {_post_module(post)["module"]["key"]}, post

    newcomer = make_staff(hall, post=Post.COUNTER, hired_on=today - datetime.timedelta(days=40))
    certification_work_assign(today=today)
    assigned = set(ModuleAssignment.objects.filter(staff=newcomer).values_list("module__source_key", flat=True))
    assert {"post-counter", "post-front-desk"} <= assigned and "post-complaint" not in assigned

    for code, banks in PROGRAM_POST_BANKS.items():
        exam = Program.objects.get(code=code).exam
        person = people[Post.COUNTER if code == "CTR" else Post.COMPLAINT]
        attempt = attempt_start(staff=person, quiz=exam, seed=7)
        drawn = Question.objects.filter(pk__in=[entry["q"] for entry in attempt.layout])
        paths = set(drawn.values_list("category__path", flat=True))
        assert banks <= paths, (code, paths)
        wanted = sum(slot.count for slot in exam.slots.all())
        assert len(attempt.layout) == wanted
