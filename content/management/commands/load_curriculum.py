"""``manage.py load_curriculum``: load the shipped curriculum, then every other app's loader."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from wagtail import hooks

from content.curriculum import CurriculumError
from content.loader import curriculum_load
from i18n.punctuation import enumeration
from lms.commands import LocalizedCommand

LOADER_HOOK = "peixun_curriculum_loaders"


class Command(LocalizedCommand):
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
            raise CommandError(_("课程文件有错误，未做任何修改：") + "\n" + "\n".join(e.errors)) from e
        counts = {
            "created": len(report.created),
            "updated": len(report.updated),
            "unchanged": len(report.unchanged),
            "media": len(report.media_imported),
        }
        self.stdout.write(
            _("课程：新建 %(created)s，更新 %(updated)s，不变 %(unchanged)s，导入媒体 %(media)s。") % counts
        )
        if report.unpublished:
            pages = enumeration(report.unpublished)
            self.stdout.write(_("已下线课程文件中删除的页面（学习记录保留）：%(pages)s") % {"pages": pages})
        if report.kept_edits:
            pages = enumeration(report.kept_edits)
            self.stdout.write(_("保留了培训师修改过的页面（用 --force 覆盖）：%(pages)s") % {"pages": pages})
        for fn in hooks.get_hooks(LOADER_HOOK):
            fn(stdout=self.stdout, force=force)
