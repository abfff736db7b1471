"""Records tests write their PDFs, ZIPs and badge key into a temporary folder, never into var/."""

import datetime

import pytest
from django.utils import timezone

from evidence.models import EventKind, EventSource
from evidence.services import training_event_record


@pytest.fixture(autouse=True)
def records_dir(settings, tmp_path):
    settings.RECORDS_DIR = tmp_path / "records"
    settings.PEIXUN_BADGE_KEY = ""
    settings.PEIXUN_BADGE_KEY_FILE = tmp_path / "badge_key.pem"
    return settings.RECORDS_DIR


def add_event(staff, day: datetime.date, *, topic="服务礼仪", score=None, kind=EventKind.WEEKLY, ref=None):
    at = datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_default_timezone())
    return training_event_record(
        staff_id=staff.pk,
        kind=kind,
        occurred_at=at,
        source=EventSource.QUIZ if score is not None else EventSource.SESSION,
        source_ref=ref or f"t:{staff.pk}:{day}:{topic}",
        topic=topic,
        score=score,
    )
