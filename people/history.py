"""A person's facts through time (training-policy.md, "Facts have history"). Pure: no ORM.

A history is a list of changes, each holding the facts (hall, post, backbone) in force from its
``effective_on`` until the next change; the first holds from the hire date. ``change_in_force`` answers
"which change holds on day D" for any objects with an ``effective_on`` (plain ``Change`` records or
``StaffChange`` rows); ``history_record`` and ``history_start`` return the history after an edit, so the
service only writes the difference.
"""

import bisect
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar


@dataclass(frozen=True)
class Facts:
    """Hall (its id, or any key that names it), post and backbone status."""

    hall: object
    post: str
    is_backbone: bool


@dataclass(frozen=True)
class Change:
    effective_on: datetime.date
    facts: Facts


class Dated(Protocol):
    effective_on: datetime.date


D = TypeVar("D", bound=Dated)


def change_in_force(changes: Sequence[D], day: datetime.date) -> D | None:
    """Return the change in force on ``day``: the latest one effective on or before it (None before the first)."""
    ordered = sorted(changes, key=lambda c: c.effective_on)
    index = bisect.bisect_right([c.effective_on for c in ordered], day)
    return ordered[index - 1] if index else None


def facts_on(changes: Sequence[Change], day: datetime.date) -> Facts | None:
    """Return the facts in force on ``day``, or None before the first change."""
    change = change_in_force(changes, day)
    return change.facts if change else None


def history_start(changes: Sequence[Change], *, hired_on: datetime.date) -> list[Change]:
    """Return the history with its first facts holding from ``hired_on`` (after the hire date moved).

    The facts in force on the hire date hold from it; changes before it are dropped.
    """
    ordered = sorted(changes, key=lambda c: c.effective_on)
    if not ordered:
        return []
    first = change_in_force(ordered, hired_on) or ordered[0]
    return [Change(hired_on, first.facts)] + [c for c in ordered if c.effective_on > max(hired_on, first.effective_on)]


def history_record(changes: Sequence[Change], *, effective_on: datetime.date, facts: Facts) -> list[Change]:
    """Return the history with ``facts`` in force from ``effective_on`` until the next later change.

    A change that repeats the facts in force the day before is no change (and replaces a row of that day);
    on the first day (the hire date) the first facts are replaced. Later changes stay: a backdated change
    holds only until them. Raise ValueError for a day before the first change.
    """
    ordered = sorted(changes, key=lambda c: c.effective_on)
    if not ordered or effective_on < ordered[0].effective_on:
        raise ValueError(f"{effective_on} is before the first known facts")
    before = [c for c in ordered if c.effective_on < effective_on]
    after = [c for c in ordered if c.effective_on > effective_on]
    if before and before[-1].facts == facts:
        return before + after
    return [*before, Change(effective_on, facts), *after]


def history_edit(
    changes: Sequence[Change],
    *,
    current: Facts,
    hired_on: datetime.date,
    effective_on: datetime.date,
    facts: Facts,
) -> list[Change] | None:
    """Return the whole history after recording ``facts`` from ``effective_on``, or None when nothing changes.

    A person without history is taken to have had the ``current`` facts since the hire date; the first
    change moves to ``hired_on`` when the hire date changed.
    """
    base = sorted(changes, key=lambda c: c.effective_on) or [Change(hired_on, current)]
    new = history_record(history_start(base, hired_on=hired_on), effective_on=effective_on, facts=facts)
    return None if new == base else new
