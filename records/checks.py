"""System checks for PDF rendering: a CJK font must exist, and HarfBuzz subsetting should be available
(without ``libharfbuzz-subset0`` WeasyPrint falls back to fontTools, ~25x slower on CJK fonts). On
``check --deploy``: the Open Badges signing key should come from ``PEIXUN_BADGE_KEY``."""

import ctypes.util
import shutil
import subprocess

from django.conf import settings
from django.core.checks import Tags, Warning, register

INSTALL_HINT = "apt-get install fonts-wqy-microhei libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0"


def cjk_font_families() -> list[str]:
    """Return the installed font families that cover Simplified Chinese (empty if fontconfig is missing)."""
    if not shutil.which("fc-list"):
        return []
    out = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False).stdout
    return sorted({line.split(",")[0].strip() for line in out.splitlines() if line.strip()})


def harfbuzz_subset_available() -> bool:
    return ctypes.util.find_library("harfbuzz-subset") is not None


@register()
def check_pdf_fonts(app_configs, **kwargs):
    problems = []
    families = cjk_font_families()
    if not families:
        problems.append(
            Warning(
                "No CJK font is installed: Chinese text in PDFs would show as missing glyphs.",
                hint=INSTALL_HINT,
                id="records.W001",
            )
        )
    elif "WenQuanYi Micro Hei" not in families:
        problems.append(
            Warning(
                "WenQuanYi Micro Hei is not installed: PDFs fall back to another CJK font and may be much larger "
                "(a CFF font such as Noto Sans CJK made ~260 KB instead of ~30 KB per transcript).",
                hint="apt-get install fonts-wqy-microhei",
                id="records.W003",
            )
        )
    if not harfbuzz_subset_available():
        problems.append(
            Warning(
                "libharfbuzz-subset is missing: PDF font subsetting falls back to fontTools and is ~25x slower.",
                hint=INSTALL_HINT,
                id="records.W002",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def check_badge_key(app_configs, **kwargs):
    """A key generated into ``var/`` differs per server and is lost with the folder: every badge it signed
    then verifies as "not ours"."""
    if settings.PEIXUN_BADGE_KEY.strip():
        return []
    return [
        Warning(
            "PEIXUN_BADGE_KEY is not set: Open Badges are signed with a key generated into PEIXUN_BADGE_KEY_FILE.",
            hint="openssl genpkey -algorithm ed25519, then set PEIXUN_BADGE_KEY to the PEM (docs/records.md).",
            id="records.W004",
        )
    ]
