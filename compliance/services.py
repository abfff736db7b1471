"""Writes of training evidence."""

import datetime
from decimal import Decimal

from .models import Launch, TrainingEvent


def training_event_record(
    *,
    staff_id: int,
    kind: str,
    occurred_at: datetime.datetime,
    source: str,
    source_ref: str,
    topic: str = "",
    launch: Launch | None = None,
    score: Decimal | float | None = None,
) -> TrainingEvent:
    """Record (or update) the event for this person and source; safe to call twice."""
    event, _ = TrainingEvent.objects.update_or_create(
        staff_id=staff_id,
        source=source,
        source_ref=source_ref,
        defaults={"kind": kind, "occurred_at": occurred_at, "topic": topic, "launch": launch, "score": score},
    )
    return event


def training_event_withdraw(*, staff_id: int, source: str, source_ref: str) -> None:
    """Remove the event of a source that no longer counts (e.g. a regraded attempt that now fails)."""
    TrainingEvent.objects.filter(staff_id=staff_id, source=source, source_ref=source_ref).delete()
