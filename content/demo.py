"""Demo seed: load the shipped curriculum and assign its modules to every demo staff member."""

import datetime

from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext

from courses.models import ModulePage
from courses.progress import module_assign_by_audience
from people.models import Staff

DEMO_DUE_IN_DAYS = 30


def seed_curriculum(stdout):
    """Load the shipped curriculum and assign its modules to every demo staff member, due in 30 days."""
    call_command("load_curriculum", stdout=stdout)
    today = timezone.localdate()
    due = today + datetime.timedelta(days=DEMO_DUE_IN_DAYS)
    created = 0
    for module in ModulePage.objects.live().exclude(source_key=""):
        created += module_assign_by_audience(module=module, staff=Staff.objects.all(), due_on=due, today=today)
    stdout.write(gettext("课程指派：新增 %(created)s，截止 %(due)s。") % {"created": created, "due": f"{due:%Y-%m-%d}"})
