from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from lms.commands import LocalizedCommand
from people.demo import DEMO_USERS, seed_people

SEED_HOOK = "peixun_seed_demo"


class Command(LocalizedCommand):
    help = (
        "Create or refresh the demo data (idempotent). Apps add their own demo content with "
        f"@hooks.register('{SEED_HOOK}'), a function taking (stdout=...)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Create demo logins even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(_("演示账号的密码是公开的：请在 DEBUG 打开时运行，或加 --force。"))
        with transaction.atomic():
            counts = seed_people(today=timezone.localdate())
        self.stdout.write(_("组织与人员：新增 %(created)s，更新 %(updated)s，不变 %(unchanged)s。") % counts)
        for fn in hooks.get_hooks(SEED_HOOK):
            fn(stdout=self.stdout)
        logins = {"password": settings.PEIXUN_DEMO_PASSWORD, "users": ", ".join(DEMO_USERS)}
        self.stdout.write(_("演示账号（密码 %(password)s）：%(users)s") % logins)
