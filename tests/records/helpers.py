"""Helpers for records tests: read a PDF back with poppler's command-line tools."""

import shutil
import subprocess
import tempfile

import pytest

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def _run(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        return subprocess.run(
            [tool, *args, f.name, *(["-"] if tool == "pdftotext" else [])], capture_output=True, text=True, check=True
        ).stdout


def pdf_text(pdf: bytes) -> str:
    return _run("pdftotext", pdf)


def pdf_fonts(pdf: bytes) -> list[str]:
    """Return the font rows of ``pdffonts`` (after the two header lines)."""
    return _run("pdffonts", pdf).splitlines()[2:]
