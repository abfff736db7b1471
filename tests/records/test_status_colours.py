"""PDF records colour the five rule statuses as the compliance overview does (done green, in progress blue,
missed red, pending amber, n/a grey), and certification statuses with the same classes."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from wagtail import hooks

from certification.labels import TONES
from records.documents import CERTIFICATION_CSS, RULES_HOOK, STATUS_CSS, transcript_specs
from records.pdf import STYLESHEET
from records.services import document_render

from .helpers import needs_poppler, pdf_text
from .test_transcripts import Y2026

COLOURS = {"met": (0x17, 0x6C, 0x2C), "in_progress": (0x0B, 0x5C, 0xAD), "missed": (0xA4, 0x16, 0x1A)}
COLOURS |= {"pending": (0x8A, 0x5A, 0x00), "n/a": (0x66, 0x66, 0x66)}
LABELS = {"met": "已完成", "in_progress": "进行中", "missed": "未完成", "pending": "待完成", "n/a": "不适用"}


def _css_colours() -> dict[str, str]:
    return dict(re.findall(r"\.status-([\w-]+) \{ color: (#[0-9a-f]{6}); \}", STYLESHEET.read_text()))


def test_each_of_the_five_statuses_has_its_own_colour_in_the_pdf_stylesheet():
    colours = _css_colours()
    assert set(STATUS_CSS) == set(COLOURS)
    assert len({colours[STATUS_CSS[code]] for code in COLOURS}) == 5
    for code, rgb in COLOURS.items():
        assert colours[STATUS_CSS[code]] == "#{:02x}{:02x}{:02x}".format(*rgb)


def test_certification_tones_use_the_same_classes():
    assert {CERTIFICATION_CSS[tone] for tone in set(TONES.values())} <= set(_css_colours())
    assert CERTIFICATION_CSS["warn"] == STATUS_CSS["pending"] and CERTIFICATION_CSS["none"] == STATUS_CSS["n/a"]


def _five_statuses(staff_list, *, start, end):
    rows = [
        {"rule": f"X{i}", "label": f"规则{i}", "status": code, "status_label": LABELS[code], "detail": ""}
        for i, code in enumerate(COLOURS)
    ]
    return {s.pk: rows for s in staff_list}


def _has_colour(image: Image.Image, rgb: tuple[int, int, int]) -> bool:
    return any(max(abs(a - b) for a, b in zip(pixel, rgb, strict=True)) <= 12 for _, pixel in image.getcolors(1 << 20))


@needs_poppler
@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_transcript_pdf_prints_each_rule_status_in_its_colour(org):
    with hooks.register_temporarily(RULES_HOOK, _five_statuses):
        pdf = document_render(transcript_specs([org["staff_a1"]], **Y2026)[0]).file_path.read_bytes()
    text = pdf_text(pdf)
    assert all(label in text for label in LABELS.values())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(Path(folder) / "page")], check=True)
        pages = [Image.open(page).convert("RGB") for page in sorted(Path(folder).glob("page*.png"))]
    for code in ("met", "in_progress", "missed", "pending"):
        assert any(_has_colour(image, COLOURS[code]) for image in pages), code
