"""``manage.py load_curriculum``: load the shipped curriculum, then every other app's loader."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail import hooks

from content.curriculum import CurriculumError
from content.loader import curriculum_load

LOADER_HOOK = "peixun_curriculum_loaders"


class Command(BaseCommand):
    help = (
        "Create or update the course pages from content/curriculum/*.yaml (idempotent; a trainer's later "
        f"edit is kept unless --force), then run the loaders apps register with @hooks.register('{LOADER_HOOK}')."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Overwrite pages a trainer edited since the last load."
        )
        parser.add_argument(
            "--dir", type=Path, default=settings.BASE_DIR / "content", help="Folder holding curriculum/ and media/."
        )

    def handle(self, *args, force=False, dir=None, **options):
        try:
            report = curriculum_load(directory=dir, force=force)
        except CurriculumError as e:
            raise CommandError("课程文件有错误，未做任何修改：\n" + "\n".join(e.errors)) from e
        self.stdout.write(
            f"课程：新建 {len(report.created)}，更新 {len(report.updated)}，不变 {len(report.unchanged)}，"
            f"导入媒体 {len(report.media_imported)}。"
        )
        if report.kept_edits:
            self.stdout.write(f"保留了培训师修改过的页面（用 --force 覆盖）：{', '.join(report.kept_edits)}")
        for fn in hooks.get_hooks(LOADER_HOOK):
            fn(stdout=self.stdout, force=force)
