"""What the pages show of a certification status: a cell (label, colour, countdown, expiry tooltip), a
person's programs with what is left to do, and the link to a certificate's PDF.

Read by certification's panels, compliance's matrix and reports, and records' transcript, so that a
status reads the same everywhere.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import status
from .labels import status_css, status_label
from .status import ProgramStatus

CERTIFICATE_PDF = "records:certificate_pdf"
"""The URL name of a certificate's PDF (records, taking the certificate number); linked once it exists."""


def certificate_pdf_url(number: str) -> str:
    """Return the URL of a certificate's PDF, or "" when there is none (no number, or no such page yet)."""
    if not number:
        return ""
    try:
        return reverse(CERTIFICATE_PDF, args=[number])
    except NoReverseMatch:
        return ""


DAYS_COUNTED = 30
"""A grace period that ended more than this many days ago is given by its end date, not a day count."""


def countdown(row: ProgramStatus) -> str:
    """Return the days to the expiry or the grace end in words ("还有 23 天到期", "宽限期还剩 5 天").

    A grace period long past reads as its end date ("宽限期已于 2021-03-31 结束", not "宽限期已过 2042 天").
    """
    n = row.days_left
    if n is None:
        return ""
    if row.status in (status.CERTIFIED, status.EXPIRING):
        return _("今天到期") if n == 0 else ngettext("还有 %(n)d 天到期", "还有 %(n)d 天到期", n) % {"n": n}
    if row.status == status.EXPIRED:
        return ngettext("已过期 %(n)d 天", "已过期 %(n)d 天", -n) % {"n": -n}
    if row.status == status.IN_GRACE:
        return _("宽限期今天结束") if n == 0 else ngettext("宽限期还剩 %(n)d 天", "宽限期还剩 %(n)d 天", n) % {"n": n}
    if row.status == status.MISSING:
        if -n > DAYS_COUNTED and row.grace_ends_on is not None:
            return _("宽限期已于 %(day)s 结束") % {"day": row.grace_ends_on.isoformat()}
        return ngettext("宽限期已过 %(n)d 天", "宽限期已过 %(n)d 天", -n) % {"n": -n}
    return ""


@dataclass(frozen=True)
class Cell:
    """A status as a page shows it: code (for machines), label, CSS class, countdown and a tooltip."""

    code: str
    label: str
    css: str
    countdown: str
    title: str
    row: ProgramStatus


def cell(row: ProgramStatus) -> Cell:
    """Return how ``row`` reads on a page; the tooltip gives the expiry (or the grace end)."""
    if row.expires_on is not None:
        title = _("有效期至 %(day)s") % {"day": row.expires_on.isoformat()}
    elif row.grace_ends_on is not None:
        title = _("宽限期至 %(day)s") % {"day": row.grace_ends_on.isoformat()}
    else:
        title = ""
    return Cell(row.status, status_label(row.status), status_css(row.status), countdown(row), title, row)


def certificate_state(*, issued_on: datetime.date, expires_on: datetime.date, revoked: bool, day: datetime.date) -> str:
    """Return a certificate's state on ``day`` in words: 已吊销, 未生效, 有效 or 已过期."""
    if revoked:
        return _("已吊销")
    if issued_on > day:
        return _("未生效")
    return _("有效") if day <= expires_on else _("已过期")


@dataclass
class Todo:
    """What is left for one program: modules (title, URL), the exam (title, URL if assigned), the practical."""

    modules: list[tuple[str, str]] = field(default_factory=list)
    exam: tuple[str, str] | None = None
    exam_due: datetime.datetime | None = None
    practical: str | None = None
    unset: bool = False
    """The program has no requirements yet: nobody can earn it until trainers set them."""

    @property
    def empty(self) -> bool:
        return not (self.modules or self.exam or self.practical is not None)
