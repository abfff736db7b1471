"""Sync the shipped curriculum into Wagtail: modules and lessons as published pages, media as
Wagtail images and documents.

Pages are matched by ``source_key``; a digest of what the loader would write (``source_hash``) makes a
second run a no-op. The loader saves its revisions with no user, so a latest revision that has a user
is a trainer's edit made after the last load: such a page is left alone unless ``force``. Media files
are matched by Wagtail's own content hash (``file_hash``), so they are imported once.

A loaded page whose key the files no longer hold is unpublished (not deleted: learners' progress and
answers on it stay, and it is published again if its key comes back). A trainer's edit keeps it live
unless ``force``.
"""

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from courses.authoring import catalogue_authoring_setup
from courses.models import CourseIndexPage, LessonPage, ModulePage
from home.models import HomePage
from people.posts import Post

from .curriculum import Lesson, Module, parse_curriculum

BLOCK_ID_NAMESPACE = uuid.UUID("6f1c2d3e-8a4b-4c5d-9e6f-7a8b9c0d1e2f")


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)
    media_imported: list[str] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.media_imported or self.unpublished)


def curriculum_read(directory: Path) -> list[Module]:
    """Parse ``directory/curriculum/*.yaml``; media paths are relative to ``directory``."""
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted((directory / "curriculum").glob("*.yaml"))}
    return parse_curriculum(files, post_codes=Post.values, media_exists=lambda path: (directory / path).is_file())


class _Media:
    """Imports media files once each, recognising earlier imports by content hash."""

    def __init__(self, directory: Path, report: LoadReport):
        self.directory = directory
        self.report = report
        self.collection = Collection.get_first_root_node()

    def _get(self, model, path: str, title: str):
        full = self.directory / path
        with full.open("rb") as f:
            digest = hash_filelike(f)
            existing = model.objects.filter(file_hash=digest).order_by("pk").first()
            if existing:
                return existing
            f.seek(0)
            obj = model(title=title[:255], collection=self.collection)
            obj.file.save(full.name, File(f), save=False)
        obj.file_hash = digest
        if hasattr(obj, "_set_document_file_metadata"):
            obj._set_document_file_metadata()
        obj.save()
        self.report.media_imported.append(path)
        return obj

    def image(self, path: str, title: str):
        return self._get(get_image_model(), path, title)

    def document(self, path: str, title: str):
        return self._get(get_document_model(), path, title)


def _digest(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def lesson_body(lesson: Lesson, media: _Media) -> list[dict]:
    """The StreamField raw data for a lesson; block ids are stable so learners' answers survive reloads."""
    body, counts = [], {}
    for block in lesson.body:
        counts[block.type] = counts.get(block.type, 0) + 1
        value = block.value
        if block.type == "image":
            image = media.image(value["file"], value["alt"])
            value = {"image": image.pk, "alt": value["alt"], "caption": value["caption"]}
        elif block.type == "document":
            doc = media.document(value["file"], value["title"] or Path(value["file"]).name)
            value = {"document": doc.pk, "title": value["title"]}
        elif block.type == "video":
            value = {"embed": value["embed_url"], "file": None, "caption": value["caption"]}
        block_id = uuid.uuid5(BLOCK_ID_NAMESPACE, f"{lesson.key}/{block.type}/{counts[block.type]}")
        body.append({"type": block.type, "value": value, "id": str(block_id)})
    return body


def _free_slug(parent, slug: str, page=None) -> str:
    taken = set(parent.get_children().exclude(pk=getattr(page, "pk", None)).values_list("slug", flat=True))
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def _sync(model, *, parent, key: str, values: dict, force: bool, report: LoadReport):
    digest = _digest(values)
    page = model.objects.filter(source_key=key).first()
    if page is None:
        page = model(source_key=key, source_hash=digest, slug=_free_slug(parent, key), **values)
        parent.add_child(instance=page)
        page.save_revision().publish()
        report.created.append(key)
        return page
    latest = page.get_latest_revision()
    edited = latest is not None and latest.user_id is not None
    if edited and not force:
        report.kept_edits.append(key)
        return page
    if not edited and page.source_hash == digest and page.live and not page.has_unpublished_changes:
        report.unchanged.append(key)
        return page
    for name, value in values.items():
        setattr(page, name, value)
    page.source_hash = digest
    page.save_revision().publish()
    report.updated.append(key)
    return page


def _catalogue() -> CourseIndexPage:
    catalogue = CourseIndexPage.objects.order_by("path").first()
    if catalogue is None:
        home = HomePage.objects.order_by("path").first()
        catalogue = CourseIndexPage(title="课程", slug=_free_slug(home, "courses"))
        home.add_child(instance=catalogue)
        catalogue.save_revision().publish()
        catalogue_authoring_setup(catalogue=catalogue)
    return catalogue


def _keep_order(parent, pages: list):
    """Put the loader's lessons in reading order (pages of other origin keep their place before them)."""
    wanted = [p.pk for p in pages]
    actual = [pk for pk in parent.get_children().values_list("pk", flat=True) if pk in set(wanted)]
    if actual != wanted:
        for page in pages:
            page.refresh_from_db()
            page.move(parent, pos="last-child")


def curriculum_load(*, directory: Path, force: bool = False) -> LoadReport:
    """Create or update the catalogue, modules, lessons and media from ``directory``; all or nothing."""
    modules = curriculum_read(directory)
    report = LoadReport()
    with transaction.atomic():
        catalogue = _catalogue()
        media = _Media(directory, report)
        for module in modules:
            module_values = {
                "title": module.title,
                "code": module.code,
                "category": module.category,
                "summary": module.summary,
                "estimated_minutes": module.estimated_minutes,
                "mandatory": module.mandatory,
                "audience_posts": list(module.audience_posts),
            }
            page = _sync(ModulePage, parent=catalogue, key=module.key, values=module_values, force=force, report=report)
            lessons = []
            for lesson in module.lessons:
                values = {
                    "title": lesson.title,
                    "summary": lesson.summary,
                    "estimated_minutes": lesson.estimated_minutes,
                    "body": lesson_body(lesson, media),
                }
                lessons.append(
                    _sync(LessonPage, parent=page, key=lesson.key, values=values, force=force, report=report)
                )
            _keep_order(page, lessons)
        keys = {m.key for m in modules} | {lesson.key for m in modules for lesson in m.lessons}
        _unpublish_removed(keys, force=force, report=report)
    return report


def _unpublish_removed(keys: set[str], *, force: bool, report: LoadReport):
    """Unpublish live loaded pages (lessons first, then modules) whose key is no longer in the files."""
    for model in (LessonPage, ModulePage):
        for page in model.objects.live().exclude(source_key="").exclude(source_key__in=keys).order_by("path"):
            latest = page.get_latest_revision()
            if latest is not None and latest.user_id is not None and not force:
                report.kept_edits.append(page.source_key)
                continue
            page.unpublish(log_action=True)
            report.unpublished.append(page.source_key)
