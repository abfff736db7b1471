"""Which certification notices are due for one person and program on one day. Pure: no Django import.

Before the expiry the person is reminded 30, 7 and 0 days ahead; from the day after the expiry (the
status turns ``expired``) the person and their hall managers are told, and likewise when the grace of a
newcomer runs out (``missing``). Each notice has a key that names the certificate's expiry (or the grace
end), so sending is safe to repeat: the notices' unique key drops a second copy. A tick that did not run
on the day still sends the stage it missed the next day ("at most N days left and not yet sent"); only
the most urgent stage reached is sent, so a pause across two stages sends one reminder, not two.
"""

from __future__ import annotations

from dataclasses import dataclass

from .status import CERTIFIED, EXPIRED, EXPIRING, MISSING, ProgramStatus

REMIND_DAYS = (30, 7, 0)
"""Days before the expiry day on which the person is reminded (0: the expiry day itself)."""
LATE_DAYS = 14
"""How many days after a status turned expired or missing a missed tick still tells people: older
failures (e.g. people hired long before the program existed) show on the pages, not as news."""

REMIND = "remind"
EXPIRED_NOTICE = "expired"
MISSING_NOTICE = "missing"


@dataclass(frozen=True)
class Due:
    """A notice due: ``kind`` (remind, expired, missing), ``stage`` (days ahead, for reminders), whether the
    hall managers are told too, and the ``key`` that makes it once-only for this person and program."""

    kind: str
    stage: int | None
    managers: bool
    key: str


def reminder_stage(days_left: int) -> int | None:
    """Return the reminder stage reached with ``days_left`` to the expiry (None: none yet, or past)."""
    if days_left < 0:
        return None
    reached = [d for d in REMIND_DAYS if days_left <= d]
    return min(reached) if reached else None


def notice_due(row: ProgramStatus, *, person: str) -> Due | None:
    """Return the notice due for ``row`` (a person's status for one program today), or None.

    ``person`` names the person in the key (their staff number): keys are unique per user, and a
    manager receives one per person.
    """
    if row.status in (CERTIFIED, EXPIRING) and row.days_left is not None:
        stage = reminder_stage(row.days_left)
        if stage is None:
            return None
        return Due(REMIND, stage, False, f"cert-remind-{stage}:{row.program}:{person}:{row.expires_on:%Y%m%d}")
    if row.status == EXPIRED and row.days_left is not None and -row.days_left <= LATE_DAYS:
        return Due(EXPIRED_NOTICE, None, True, f"cert-expired:{row.program}:{person}:{row.expires_on:%Y%m%d}")
    if row.status == MISSING and row.days_left is not None and -row.days_left <= LATE_DAYS:
        return Due(MISSING_NOTICE, None, True, f"cert-missing:{row.program}:{person}:{row.grace_ends_on:%Y%m%d}")
    return None
