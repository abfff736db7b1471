"""The one WeasyPrint entry point: HTML string -> PDF/A-3b bytes.

Everything that makes a Peixun PDF safe, small and archival lives here:

* ``SafeURLFetcher`` reads only the project's static files and the allowed media folders, from disk.
  Every other URL is refused: ``http://`` and ``https://`` (so no redirects can happen either),
  ``file://`` outside those folders (``file:///etc/passwd``), ``ftp:`` and ``data:``. ``data:`` is denied
  on purpose: templates embed their own graphics (QR code, charts) as inline ``<svg>`` markup, so the
  only source of a ``data:`` URL would be user content, where it can smuggle in arbitrarily large images.
* Fonts: the CJK font is WenQuanYi Micro Hei, a TrueType font. WeasyPrint subsets it with HarfBuzz
  (``libharfbuzz-subset0``, see ``records.checks``); a two-page transcript is ~35 KB with the font embedded
  and subset, PDF/A and JSON included. CFF-based Noto Sans CJK gave ~260 KB for the same page and is not installed here.
* Output is PDF/A-3b with the record's data attached as JSON (``AFRelationship /Data``).

Speed (a two-page transcript is rendered in bulk, so every millisecond counts; see ``bench/pdf_render.py``):

* One ``FontConfiguration`` per thread is reused: a fresh one reloads fontconfig and the Pango font map,
  and reshapes every glyph from cold caches. Our templates use system fonts only (no ``@font-face``), so
  nothing document-specific is stored in it.
* Python's cyclic garbage collector is paused while WeasyPrint runs. A render allocates ~30,000
  container objects; with the collector on, they trigger full collections that walk the whole Django
  process (~270,000 objects), ~90 ms per transcript on average. Paused, the render's own ~26,000
  cyclic objects are freed by one young-generation collection right after it.
* The layout (``records/pdf.css``) is parsed once per process and passed as a ``weasyprint.CSS``, not
  re-parsed from a ``<style>`` block in every document; templates keep only the page header and footer
  texts in theirs.

WeasyPrint is used through its public API only (``HTML``, ``CSS``, ``Attachment``, ``URLFetcher``,
``FontConfiguration``, ``write_pdf`` options): no private hook of WeasyPrint or pydyf.
"""

import functools
import gc
import json
import mimetypes
import posixpath
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import weasyprint
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils._os import safe_join

# A reserved, never-resolving origin (RFC 2606): template-relative URLs such as ``/static/css/x.css``
# resolve against it and are then mapped to files on disk by the fetcher. Nothing is ever requested.
PDF_ORIGIN = "https://pdf.peixun.invalid"
PDF_VARIANT = "pdf/a-3b"
STYLESHEET = Path(__file__).with_name("pdf.css")


class FetchDenied(ValueError):
    """A URL outside the allow-list was requested while rendering a PDF."""


def _allowed_roots() -> list[Path]:
    """Return the directories whose files the fetcher may read (resolved, symlinks followed)."""
    roots = [Path(p) for p in settings.STATICFILES_DIRS]
    roots.append(Path(apps.get_app_config("lms").path) / "static")
    roots.append(Path(settings.STATIC_ROOT))
    roots += [Path(settings.MEDIA_ROOT) / sub for sub in settings.RECORDS_PDF_MEDIA_DIRS]
    return [r.resolve() for r in roots]


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


class SafeURLFetcher(weasyprint.URLFetcher):
    """Serve static files and allowed media from disk; refuse everything else (raises ``FetchDenied``)."""

    def __init__(self):
        super().__init__(allowed_protocols=(), allow_redirects=False)

    def fetch(self, url, headers=None):
        path = self.resolve(url)
        return weasyprint.urls.URLFetcherResponse(
            url=path.as_uri(),
            body=path.read_bytes(),
            headers={"Content-Type": mimetypes.guess_type(path.name)[0] or "application/octet-stream"},
        )

    def resolve(self, url: str) -> Path:
        """Return the file on disk that ``url`` names, or raise ``FetchDenied``."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "file" and parts.netloc in ("", "localhost"):
            candidate = Path(url2pathname(parts.path))
        elif f"{scheme}://{parts.netloc.lower()}" == PDF_ORIGIN:
            candidate = self._resolve_project_path(unquote(parts.path))
        else:
            raise FetchDenied(f"PDF rendering may not fetch {url[:80]!r}")
        if candidate is None:
            raise FetchDenied(f"PDF rendering may not fetch {url[:80]!r}")
        resolved = candidate.resolve()
        if not resolved.is_file() or not _inside(resolved, _allowed_roots()):
            raise FetchDenied(f"PDF rendering may not fetch {url[:80]!r}")
        return resolved

    @staticmethod
    def _resolve_project_path(path: str) -> Path | None:
        path = posixpath.normpath(path)
        if path.startswith(settings.STATIC_URL):
            found = finders.find(path.removeprefix(settings.STATIC_URL))
            return Path(found) if isinstance(found, str) else None
        if path.startswith(settings.MEDIA_URL):
            try:
                return Path(safe_join(settings.MEDIA_ROOT, path.removeprefix(settings.MEDIA_URL)))
            except ValueError:
                return None
        return None


@dataclass(frozen=True)
class JsonAttachment:
    """Structured data embedded in the PDF (PDF/A-3 associated file)."""

    name: str
    data: dict
    description: str = ""

    def as_bytes(self) -> bytes:
        return json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True, default=str).encode()


_local = threading.local()


def _font_config() -> weasyprint.text.fonts.FontConfiguration:
    """Return this thread's font configuration (Pango font maps are not shared between threads)."""
    if not hasattr(_local, "font_config"):
        _local.font_config = weasyprint.text.fonts.FontConfiguration()
    return _local.font_config


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector; the last of overlapping renders restores its former state."""
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()
                gc.collect(0)  # free the render's cycles now (young objects only), not at a random later point


@functools.cache
def stylesheet() -> weasyprint.CSS:
    """``records/pdf.css``, parsed once (it has no ``@font-face``, so no font configuration keeps state of it)."""
    return weasyprint.CSS(string=STYLESHEET.read_text(), base_url=PDF_ORIGIN + "/", url_fetcher=SafeURLFetcher())


def pdf_render(*, html: str, attachments: tuple[JsonAttachment, ...] = ()) -> bytes:
    """Render ``html`` (title, author and language come from its ``<title>``/``<meta>``) to PDF/A-3b bytes,
    laid out by ``records/pdf.css``."""
    fetcher = SafeURLFetcher()
    files = [
        weasyprint.Attachment(
            string=a.as_bytes(), name=a.name, description=a.description, url_fetcher=fetcher, relationship="Data"
        )
        for a in attachments
    ]
    with _gc_paused():  # no name holds the parsed document: it is garbage when the pause ends
        return weasyprint.HTML(string=html, base_url=PDF_ORIGIN + "/", url_fetcher=fetcher).write_pdf(
            stylesheets=[stylesheet()],
            pdf_variant=PDF_VARIANT,
            attachments=files,
            font_config=_font_config(),
        )
