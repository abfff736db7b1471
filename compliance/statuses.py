"""How a rule status reads for people: its label, its colour and a short count per rule (R1–R5).

The one map from the verdict codes (``verdicts``) to what people see. The overview, its CSV/XLSX export,
the hall matrix and the PDF records' rule statuses (``record_statuses``) all read it. No ORM: labels are
translated lazily (English in ``locale/en``: Done, In progress, Not done, Due, Not applicable).
"""

from dataclasses import dataclass

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import periods
from .verdicts import IN_PROGRESS, MET, MISSED, NA, OK, PENDING, PersonReport

LABELS = {
    MET: _("已完成"),
    IN_PROGRESS: _("进行中"),
    MISSED: _("未完成"),
    PENDING: _("待完成"),
    NA: _("不适用"),
}
TONES = {MET: "ok", IN_PROGRESS: "info", MISSED: "bad", PENDING: "warn", NA: "none"}
"""The colour of each status: the ``status-<tone>`` badge classes of ``compliance/compliance.css``."""
SYMBOLS = {MET: "✓", IN_PROGRESS: "◔", MISSED: "✗", PENDING: "…", NA: "·"}
"""A sign beside the colour (colour is never the only signal), also the hall matrix's week cells."""

RULES = ("weekly", "annual", "backbone", "new_service", "onboarding")


def status_code(raw: str) -> str:
    """Return the status as pages, exports and documents name it (``ok`` in the raw verdicts is ``met``)."""
    return MET if raw == OK else raw


def status_label(raw: str) -> str:
    """Return the status in the user's language (已完成, 进行中, 未完成, 待完成, 不适用)."""
    code = status_code(raw)
    return str(LABELS.get(code, code))


@dataclass(frozen=True)
class Badge:
    """A status as a page shows it: code (for machines), label, colour (``css``: the badge classes) and sign."""

    code: str
    label: str
    tone: str
    symbol: str

    @property
    def css(self) -> str:
        return f"status-badge status-{self.tone}"


def badge(raw: str) -> Badge:
    code = status_code(raw)
    return Badge(code, status_label(code), TONES.get(code, "none"), SYMBOLS.get(code, ""))


@dataclass(frozen=True)
class RuleCell(Badge):
    """One rule of one person: its badge and what it counts."""

    rule: str
    count: str


def rule_count(report: PersonReport, rule: str) -> str:
    """Return what the status counts: weeks or months missed, trainings done of those planned, launches
    missed or due, the onboarding deadline; "" when there is nothing to count."""
    v = getattr(report, rule)
    if rule == "annual":
        return "" if v.status == NA else f"{v.count}/{v.required}"
    if rule == "weekly":
        n = len(v.missed)
        return ngettext("缺 %(n)d 周", "缺 %(n)d 周", n) % {"n": n} if n else ""
    if rule == "backbone":
        n = len(v.missed)
        return ngettext("缺 %(n)d 个月", "缺 %(n)d 个月", n) % {"n": n} if n else ""
    if rule == "new_service":
        parts = []
        if v.missed:
            parts.append(ngettext("缺 %(n)d 项", "缺 %(n)d 项", len(v.missed)) % {"n": len(v.missed)})
        if v.pending:
            parts.append(ngettext("待 %(n)d 项", "待 %(n)d 项", len(v.pending)) % {"n": len(v.pending)})
        return gettext("%(a)s，%(b)s") % {"a": parts[0], "b": parts[1]} if len(parts) == 2 else "".join(parts)
    if rule == "onboarding" and v.status == PENDING and v.deadline is not None:
        return gettext("%(day)s 前") % {"day": periods.local_day(v.deadline).strftime("%m-%d")}
    return ""


def rule_cell(report: PersonReport, rule: str) -> RuleCell:
    """A launch still inside its 48 hours reads 待完成 even though nothing is missed yet (the verdict's
    ``ok``, which the compliant flag keeps): "已完成，待 1 项" would contradict itself."""
    verdict = getattr(report, rule)
    raw = verdict.status
    if rule == "new_service" and status_code(raw) == MET and verdict.pending:
        raw = PENDING
    return RuleCell(**vars(badge(raw)), rule=rule, count=rule_count(report, rule))


def rule_cells(report: PersonReport) -> list[RuleCell]:
    """Return the person's five rules (``RULES`` order) as they read on a page."""
    return [rule_cell(report, rule) for rule in RULES]
