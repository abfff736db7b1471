"""Writes of training evidence (courses, exams and sessions call them) and the launch import."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail import hooks

from i18n.messages import Message
from people.imports import RowError
from people.models import Hall, Staff

from .imports import LaunchRow
from .models import Launch, TrainingEvent

RECORDED_HOOK = "peixun_evidence_recorded"
"""Called after the transaction that recorded an event commits, as ``fn(staff_id=, source=, source_ref=)``:
the apps above that act on new evidence (certification) register with it; evidence imports none of them."""


def _recorded(*, staff_id: int, source: str, source_ref: str) -> None:
    for fn in hooks.get_hooks(RECORDED_HOOK):
        fn(staff_id=staff_id, source=source, source_ref=source_ref)


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
    """Record (or update) the event for this person and source; safe to call twice. The hook
    ``RECORDED_HOOK`` is called once the transaction commits."""
    event, _ = TrainingEvent.objects.update_or_create(
        staff_id=staff_id,
        source=source,
        source_ref=source_ref,
        defaults={"kind": kind, "occurred_at": occurred_at, "topic": topic, "launch": launch, "score": score},
    )
    transaction.on_commit(lambda: _recorded(staff_id=staff_id, source=source, source_ref=source_ref))
    return event


def training_event_withdraw(*, staff_id: int, source: str, source_ref: str) -> None:
    """Remove the event of a source that no longer counts (e.g. a regraded attempt that now fails)."""
    TrainingEvent.objects.filter(staff_id=staff_id, source=source, source_ref=source_ref).delete()


def launch_scope(*, launch: Launch) -> QuerySet[Staff]:
    """Return the people a launch applies to: its halls (all if none) and employed on the announcement day."""
    qs = Staff.objects.employed_on(timezone.localtime(launch.announced_at).date())
    hall_ids = list(launch.halls.values_list("pk", flat=True))
    return qs.filter(hall_id__in=hall_ids) if hall_ids else qs


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)


@transaction.atomic
def launches_import(*, rows: list[LaunchRow]) -> ImportResult:
    """Create or update launches by code; all or nothing. Unknown hall codes are row errors."""
    result = ImportResult()
    halls = dict(Hall.objects.values_list("code", "pk"))
    for row in rows:
        unknown = [c for c in row.hall_codes if c not in halls]
        if unknown:
            result.errors.append(
                RowError(row.line, (Message(gettext_lazy("未知营业厅 %(halls)s"), halls=", ".join(unknown)),))
            )
    if result.errors:
        return result
    existing = {launch.code: launch for launch in Launch.objects.prefetch_related("halls")}
    for row in rows:
        hall_ids = {halls[c] for c in row.hall_codes}
        launch = existing.get(row.code)
        if launch is None:
            launch = Launch.objects.create(code=row.code, name=row.name, announced_at=row.announced_at)
            launch.halls.set(hall_ids)
            result.created += 1
            continue
        same = (
            launch.name == row.name
            and launch.announced_at == row.announced_at
            and {h.pk for h in launch.halls.all()} == hall_ids
        )
        if same:
            result.unchanged += 1
            continue
        launch.name, launch.announced_at = row.name, row.announced_at
        launch.save(update_fields=["name", "announced_at"])
        launch.halls.set(hall_ids)
        result.updated += 1
    return result
