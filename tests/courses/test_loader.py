"""The curriculum parser and ``load_curriculum``: validation, idempotence, trainer edits, media, hooks."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Revision

from content.curriculum import CurriculumError, parse_curriculum, parse_module
from courses.models import LessonPage, ModulePage
from people.posts import Post
from tests.conftest import make_user

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good"


def _load(directory=GOOD, force=False):
    out = StringIO()
    args = ["load_curriculum", "--dir", str(directory)] + (["--force"] if force else [])
    call_command(*args, stdout=out)
    return out.getvalue()


def _snapshot():
    pages = [(p.source_key, p.title, p.live, p.latest_revision_id) for p in ModulePage.objects.all()]
    pages += [(p.source_key, p.title, p.live, p.latest_revision_id) for p in LessonPage.objects.all()]
    return (
        sorted(pages),
        Revision.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
    )


def test_parser_reads_blocks_and_normalises_rich_text():
    text = (GOOD / "curriculum" / "grooming.yaml").read_text()
    module = parse_module(text, source="grooming.yaml", post_codes=Post.values)
    assert (module.key, module.code, len(module.lessons)) == ("t-grooming", "YR-T1", 2)
    first = module.lessons[0].body[0]
    assert first.type == "paragraph" and first.value == "<p>指甲要<b>短而干净</b>，不涂<i>深色</i>指甲油。</p>"
    assert module.media == ("media/nails.png", "media/self-check.txt")


def test_parser_reports_every_problem_with_file_and_key():
    text = (FIXTURES / "bad" / "curriculum" / "broken.yaml").read_text()
    with pytest.raises(CurriculumError) as err:
        parse_module(text, source="broken.yaml", post_codes=Post.values)
    errors = "\n".join(err.value.errors)
    for expected in (
        "broken.yaml: module.key:",
        "broken.yaml: module.category:",
        "broken.yaml: module.estimated_minutes:",
        "broken.yaml: module.audience_posts: 未知的岗位：astronaut",
        "broken.yaml: lessons[0].body[0].value: 不允许的 HTML：<p onclick='x()'>",
        "<script>",
        "broken.yaml: lessons[0].body[1].value.choices: 至少两个选项",
        "broken.yaml: lessons[0].body[2].value.file: 应为 media/ 下的相对路径",
        "broken.yaml: lessons[0].body[3].type: 未知的块类型：'html'",
    ):
        assert expected in errors


def test_parser_rejects_duplicate_keys_across_files_and_missing_media():
    text = (GOOD / "curriculum" / "complaint.yaml").read_text()
    with pytest.raises(CurriculumError) as err:
        parse_curriculum({"a.yaml": text, "b.yaml": text}, post_codes=Post.values)
    assert any("b.yaml: module.key: 标识 t-complaint 与 a.yaml module.key 重复" in e for e in err.value.errors)
    grooming = (GOOD / "curriculum" / "grooming.yaml").read_text()
    with pytest.raises(CurriculumError) as err:
        parse_curriculum({"g.yaml": grooming}, post_codes=Post.values, media_exists=lambda p: False)
    assert "g.yaml: 找不到媒体文件 media/nails.png" in err.value.errors


@pytest.mark.django_db
def test_bad_files_stop_the_command_and_change_nothing():
    before = _snapshot()
    with pytest.raises(CommandError, match="未做任何修改"):
        _load(FIXTURES / "bad")
    assert _snapshot() == before


@pytest.mark.django_db
def test_load_creates_published_pages_with_blocks_and_media():
    output = _load()
    assert "新建 5" in output and "导入媒体 2" in output
    module = ModulePage.objects.get(source_key="t-grooming")
    lessons = list(LessonPage.objects.child_of(module).order_by("path"))
    assert [lesson.source_key for lesson in lessons] == ["t-grooming-nails", "t-grooming-uniform"]
    assert module.live and all(lesson.live for lesson in lessons)
    body = lessons[0].body
    assert [b.block_type for b in body] == ["paragraph", "image", "checklist", "document", "knowledge_check"]
    assert body[1].value["image"].title == "指甲长度示意" and body[3].value["document"].title == "自查表"
    complaint = ModulePage.objects.get(source_key="t-complaint")
    assert complaint.audience_posts == ["complaint", "duty_manager"] and not complaint.mandatory


@pytest.mark.django_db
def test_running_twice_changes_nothing():
    _load()
    before = _snapshot()
    output = _load()
    assert "新建 0，更新 0，不变 5，导入媒体 0" in output
    assert _snapshot() == before


@pytest.mark.django_db
def test_changed_file_updates_as_a_new_revision_with_stable_block_ids(tmp_path):
    import shutil

    shutil.copytree(GOOD, tmp_path / "c")
    _load(tmp_path / "c")
    lesson = LessonPage.objects.get(source_key="t-grooming-nails")
    ids = [b.id for b in lesson.body]
    path = tmp_path / "c" / "curriculum" / "grooming.yaml"
    path.write_text(path.read_text().replace("title: 指甲与妆容", "title: 指甲、妆容与香水"))
    output = _load(tmp_path / "c")
    assert "新建 0，更新 1" in output
    lesson.refresh_from_db()
    assert lesson.title == "指甲、妆容与香水" and [b.id for b in lesson.body] == ids
    assert Revision.objects.filter(object_id=str(lesson.pk)).count() == 2


@pytest.mark.django_db
def test_trainer_edit_is_kept_unless_forced():
    _load()
    trainer = make_user("t-edit")
    lesson = LessonPage.objects.get(source_key="t-complaint-stages")
    lesson.title = "培训师改过的标题"
    lesson.save_revision(user=trainer).publish()
    output = _load()
    assert "保留了培训师修改过的页面" in output and "t-complaint-stages" in output
    assert LessonPage.objects.get(pk=lesson.pk).title == "培训师改过的标题"
    _load(force=True)
    assert LessonPage.objects.get(pk=lesson.pk).title == "投诉处理的四个阶段"


@pytest.mark.django_db
def test_other_apps_loaders_run_through_the_hook():
    calls = []

    def question_bank(stdout, force):
        calls.append(force)
        stdout.write("题库：不变。")

    with hooks.register_temporarily("peixun_curriculum_loaders", question_bank):
        output = _load(force=True)
    assert calls == [True] and "题库：不变。" in output


@pytest.mark.django_db
def test_load_recreates_a_deleted_catalogue_with_trainer_authoring():
    from courses.models import CourseIndexPage
    from people import roles

    CourseIndexPage.objects.get().delete()
    _load()
    catalogue = CourseIndexPage.objects.get()
    assert catalogue.live and catalogue.get_workflow().name == "课程审核"
    trainer = make_user("t-new", roles.TRAINER)
    assert catalogue.permissions_for_user(trainer).can_add_subpage()
    assert ModulePage.objects.child_of(catalogue).count() == 2


def _copy_without_uniform_lesson(tmp_path):
    """A copy of the good curriculum whose grooming module no longer has the lesson t-grooming-uniform."""
    import shutil

    import yaml

    shutil.copytree(GOOD, tmp_path / "c", dirs_exist_ok=True)
    path = tmp_path / "c" / "curriculum" / "grooming.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["lessons"] = [lesson for lesson in data["lessons"] if lesson["key"] != "t-grooming-uniform"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return tmp_path / "c"


@pytest.mark.django_db
def test_a_lesson_removed_from_the_files_is_unpublished_with_its_progress_kept_and_comes_back(tmp_path):
    import datetime

    from django.utils import timezone

    from courses.models import LessonProgress
    from tests.conftest import make_staff

    _load()
    lesson = LessonPage.objects.get(source_key="t-grooming-uniform")
    staff = make_staff()
    now = timezone.now()
    LessonProgress.objects.create(
        staff=staff, lesson=lesson, started_at=now - datetime.timedelta(minutes=9), completed_at=now, answers={"a": 1}
    )
    output = _load(_copy_without_uniform_lesson(tmp_path))
    assert "已下线课程文件中删除的页面" in output and "t-grooming-uniform" in output
    lesson.refresh_from_db()
    assert not lesson.live
    assert LessonPage.objects.live().filter(source_key="t-grooming-nails").exists()
    assert ModulePage.objects.live().filter(source_key="t-grooming").exists()
    assert LessonProgress.objects.get(lesson=lesson, staff=staff).answers == {"a": 1}
    assert "已下线" not in _load(tmp_path / "c")
    output = _load()
    lesson.refresh_from_db()
    assert lesson.live and "更新 1" in output


@pytest.mark.django_db
def test_a_removed_lesson_a_trainer_edited_stays_live_unless_forced(tmp_path):
    _load()
    lesson = LessonPage.objects.get(source_key="t-grooming-uniform")
    lesson.title = "培训师补充的制服课"
    lesson.save_revision(user=make_user("t-edit2")).publish()
    directory = _copy_without_uniform_lesson(tmp_path)
    output = _load(directory)
    assert "保留了培训师修改过的页面" in output and LessonPage.objects.get(pk=lesson.pk).live
    _load(directory, force=True)
    assert not LessonPage.objects.get(pk=lesson.pk).live


@pytest.mark.django_db
def test_a_removed_module_is_unpublished_with_its_lessons(tmp_path):
    import shutil

    _load()
    shutil.copytree(GOOD, tmp_path / "c")
    (tmp_path / "c" / "curriculum" / "complaint.yaml").unlink()
    _load(tmp_path / "c")
    assert not ModulePage.objects.get(source_key="t-complaint").live
    assert not LessonPage.objects.get(source_key="t-complaint-stages").live
    assert ModulePage.objects.get(source_key="t-grooming").live
