from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail import hooks

from people.demo import DEMO_USERS, seed_people

SEED_HOOK = "peixun_seed_demo"


class Command(BaseCommand):
    help = (
        "Create or refresh the demo data (idempotent). Apps add their own demo content with "
        f"@hooks.register('{SEED_HOOK}'), a function taking (stdout=...)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Create demo logins even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError("Demo logins have a public password: run with DEBUG on, or pass --force.")
        with transaction.atomic():
            counts = seed_people(today=timezone.localdate())
        self.stdout.write(
            f"组织与人员：新增 {counts['created']}，更新 {counts['updated']}，不变 {counts['unchanged']}。"
        )
        for fn in hooks.get_hooks(SEED_HOOK):
            fn(stdout=self.stdout)
        self.stdout.write(f"演示账号（密码 {settings.PEIXUN_DEMO_PASSWORD}）：{', '.join(DEMO_USERS)}")
