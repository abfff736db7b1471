"""Certification rules (training-policy.md, "Certification (上岗认证)"). Pure: no Django import.

A person's status for one program on one local day, the expiry of a certificate earned or renewed, and
what is left to do, from plain facts: the program's terms, the person's post history, their certificates
and the dates their requirements were met. Every day is an argument; nothing reads the clock.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

CERTIFIED = "certified"
EXPIRING = "expiring"
EXPIRED = "expired"
MISSING = "missing"
IN_GRACE = "in_grace"
NOT_REQUIRED = "n/a"
STATUSES = (CERTIFIED, EXPIRING, EXPIRED, MISSING, IN_GRACE, NOT_REQUIRED)
FAILURES = frozenset({EXPIRED, MISSING})
WARNINGS = frozenset({EXPIRING, IN_GRACE})
NEEDS_WORK = frozenset({IN_GRACE, MISSING, EXPIRING, EXPIRED})
"""The statuses whose people are given the program's work (modules, exam) by the daily assignment."""


@dataclass(frozen=True)
class Terms:
    """What the status reads of a program: the posts that require it (empty: all) and its day counts."""

    code: str
    posts: frozenset[str] = frozenset()
    validity_months: int = 24
    window_days: int = 60
    grace_days: int = 30

    def requires(self, post: str | None) -> bool:
        return post is not None and (not self.posts or post in self.posts)


class Held(NamedTuple):
    """A certificate: valid from ``issued_on`` through ``expires_on``; a revoked one counts as never issued."""

    number: str
    issued_on: datetime.date
    expires_on: datetime.date
    revoked: bool = False


class Person(NamedTuple):
    """Employment and post history: ``posts`` are ``(effective_on, post)`` sorted by day, the first from the
    hire day. (Named tuples: a report builds one per person and one ``Held`` per certificate.)"""

    hired_on: datetime.date
    left_on: datetime.date | None
    posts: tuple[tuple[datetime.date, str], ...]


class ProgramStatus(NamedTuple):
    program: str
    status: str
    number: str = ""
    issued_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    days_left: int | None = None
    """Days until the expiry (certified, expiring, expired: negative) or the grace end (in_grace, missing)."""
    grace_ends_on: datetime.date | None = None


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return ``day`` moved by ``months``; a day past the month's end (29 Feb, 31st) becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def post_on(person: Person, day: datetime.date) -> str | None:
    """Return the post held on ``day``, or None when not employed that day (before any change: the first post)."""
    if day < person.hired_on or (person.left_on is not None and day > person.left_on) or not person.posts:
        return None
    posts = person.posts
    held = posts[0][1]
    for index in range(1, len(posts)):
        if posts[index][0] > day:
            break
        held = posts[index][1]
    return held


def required_since(terms: Terms, person: Person, day: datetime.date) -> datetime.date | None:
    """Return the first day of the unbroken run of required posts that holds ``day`` (None: not required).

    The run starts on the hire day or on the day of the change into a post that requires the program.
    """
    if not terms.requires(post_on(person, day)):
        return None
    if len(person.posts) == 1:
        return person.hired_on
    since = person.hired_on
    for effective_on, post in person.posts:
        if effective_on > day:
            break
        if not terms.requires(post):
            since = None
        elif since is None:
            since = max(effective_on, person.hired_on)
    return since


def deciding(certificates: Iterable[Held], day: datetime.date) -> Held | None:
    """Return the certificate that decides on ``day``: not revoked, issued on or before it, latest expiry."""
    best = None
    for c in certificates:
        if (
            not c.revoked
            and c.issued_on <= day
            and (best is None or (c.expires_on, c.issued_on) > (best.expires_on, best.issued_on))
        ):
            best = c
    return best


def status_on(terms: Terms, person: Person, certificates: Sequence[Held], day: datetime.date) -> ProgramStatus:
    """Return the person's status for the program on the local ``day`` (see the module docstring).

    A person whose certificate expired before they started anew in a required post is ``in_grace`` for
    the grace days of that new start, as a newcomer to the post would be.
    """
    return statuses_on([terms], person, [certificates], day)[0]


def statuses_on(
    terms: Sequence[Terms], person: Person, certificates: Sequence[Sequence[Held]], day: datetime.date
) -> list[ProgramStatus]:
    """Return ``status_on`` for several programs (``certificates`` per program, in the same order); the
    post held on ``day`` is found once."""
    post = post_on(person, day)
    out = []
    for t, held in zip(terms, certificates, strict=True):
        if not t.requires(post):
            out.append(ProgramStatus(t.code, NOT_REQUIRED))
            continue
        since = person.hired_on if len(person.posts) == 1 else required_since(t, person, day)
        grace_ends_on = since + datetime.timedelta(days=t.grace_days)
        current = deciding(held, day) if held else None
        if current is not None and not (current.expires_on < since and day <= grace_ends_on):
            left = (current.expires_on - day).days
            state = EXPIRED if left < 0 else EXPIRING if left <= t.window_days else CERTIFIED
            out.append(ProgramStatus(t.code, state, current.number, current.issued_on, current.expires_on, left))
        else:
            state = IN_GRACE if day <= grace_ends_on else MISSING
            out.append(ProgramStatus(t.code, state, days_left=(grace_ends_on - day).days, grace_ends_on=grace_ends_on))
    return out


def expiry_for(terms: Terms, *, earned_on: datetime.date, current: Held | None = None) -> datetime.date:
    """Return the expiry of a certificate earned on ``earned_on``.

    Renewed inside the window of ``current`` (from the ``window_days``-th day before its expiry through
    its expiry day) it runs from the old expiry; otherwise from the day earned.
    """
    if current is not None and in_window(terms, current, earned_on):
        return add_months(current.expires_on, terms.validity_months)
    return add_months(earned_on, terms.validity_months)


def in_window(terms: Terms, current: Held, day: datetime.date) -> bool:
    """Whether ``day`` lies in the renewal window of ``current`` (its expiry day included)."""
    return current.expires_on - datetime.timedelta(days=terms.window_days) <= day <= current.expires_on


def renewal_opens_on(terms: Terms, current: Held | None) -> datetime.date | None:
    """Return the first day a renewal may be earned for ``current`` (None: a first certificate, any day)."""
    if current is None:
        return None
    return max(
        current.issued_on + datetime.timedelta(days=1), current.expires_on - datetime.timedelta(days=terms.window_days)
    )


@dataclass(frozen=True)
class Requirements:
    """What earning the program takes: module ids, an exam, a practical assessment."""

    modules: frozenset[int] = frozenset()
    exam: bool = False
    practical: bool = False
    changed_on: datetime.date | None = None
    """When the modules last changed: a renewal needs them again only if they changed after its issue."""

    @property
    def empty(self) -> bool:
        return not (self.modules or self.exam or self.practical)


@dataclass(frozen=True)
class Met:
    """One requirement met on ``day``; ``ref`` names the evidence (an event, an assignment, an assessment)."""

    day: datetime.date
    ref: object = None


@dataclass(frozen=True)
class Facts:
    """What a person met: module id → its completion, the exam passes, the practical passes."""

    modules: dict[int, Met]
    exam_passes: tuple[Met, ...] = ()
    practical_passes: tuple[Met, ...] = ()


@dataclass(frozen=True)
class Left:
    """What is left to do; when nothing is, ``earned_on`` is the day the last requirement was first met
    and ``used`` the evidence that earned it (``modules``: {id: Met}, ``exam`` and ``practical``: Met)."""

    modules: frozenset[int] = frozenset()
    exam: bool = False
    practical: bool = False
    earned_on: datetime.date | None = None
    used: dict | None = None

    @property
    def done(self) -> bool:
        return self.earned_on is not None


def requirements_left(
    terms: Terms,
    requirements: Requirements,
    facts: Facts,
    *,
    current: Held | None = None,
    revoked_issued_on: datetime.date | None = None,
) -> Left:
    """Return what is left to earn (``current`` is None) or renew (``current`` decides today) the program.

    A renewal counts only the exam and practical passes from ``renewal_opens_on``; modules again only
    when they changed after the current certificate's issue, counting completions from that change.
    After a revocation (``revoked_issued_on``: the latest revoked certificate's issue day) the exam and
    practical count only when passed after that day. A program without requirements can never be earned.
    """
    opens = renewal_opens_on(terms, current)
    if revoked_issued_on is not None:
        after = revoked_issued_on + datetime.timedelta(days=1)
        opens = after if opens is None else max(opens, after)
    modules_since = None
    need_modules = requirements.modules
    if current is not None:
        changed = requirements.changed_on
        need_modules = requirements.modules if changed is not None and changed > current.issued_on else frozenset()
        modules_since = changed

    def first(mets: Iterable[Met], since: datetime.date | None) -> Met | None:
        return min((m for m in mets if since is None or m.day >= since), key=lambda m: m.day, default=None)

    modules = {m: first([met], modules_since) for m, met in facts.modules.items() if m in need_modules}
    modules = {m: met for m, met in modules.items() if met is not None}
    exam = first(facts.exam_passes, opens)
    practical = first(facts.practical_passes, opens)
    left_modules = frozenset(need_modules - set(modules))
    left_exam = requirements.exam and exam is None
    left_practical = requirements.practical and practical is None
    if requirements.empty or left_modules or left_exam or left_practical:
        return Left(left_modules, left_exam, left_practical)
    used = {"modules": modules, "exam": exam if requirements.exam else None}
    used["practical"] = practical if requirements.practical else None
    days = [met.day for met in [*modules.values(), used["exam"], used["practical"]] if met is not None]
    return Left(earned_on=max(days), used=used)
