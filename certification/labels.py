"""How a certification status reads on the pages and in exports: its Chinese label and its colour.

The one map from the codes of ``status`` to what people see; every page, PDF and export uses it.
"""

from django.utils.translation import gettext_lazy as _

from . import status

LABELS = {
    status.CERTIFIED: _("持证有效"),
    status.EXPIRING: _("即将到期"),
    status.EXPIRED: _("已过期"),
    status.MISSING: _("未取得"),
    status.IN_GRACE: _("新岗宽限期"),
    status.NOT_REQUIRED: _("不适用"),
}
TONES = {
    status.CERTIFIED: "ok",
    status.EXPIRING: "warn",
    status.EXPIRED: "bad",
    status.MISSING: "bad",
    status.IN_GRACE: "warn",
    status.NOT_REQUIRED: "none",
}
"""The colour of each status: the ``status-<tone>`` classes of ``peixun.css`` (``none``: muted)."""


def status_label(code: str) -> str:
    """Return the Chinese label of a status code (the code itself if unknown)."""
    return str(LABELS.get(code, code))


def status_css(code: str) -> str:
    """Return the CSS class that colours a status."""
    tone = TONES.get(code, "none")
    return "muted" if tone == "none" else f"status-{tone}"
