"""Limits every uploaded import file is held to, and the batching its writes use.

An import refuses a file before it reads it when it is too big (``PEIXUN_IMPORT_MAX_BYTES``), before
openpyxl opens it when its zip members add up to more than ``PEIXUN_IMPORT_MAX_XLSX_BYTES`` once
uncompressed (a zip bomb), and while it reads it once it has more than ``PEIXUN_IMPORT_MAX_ROWS`` rows.
Python's ``zipfile`` never inflates a member past the size its directory declares, so checking the
declared sizes bounds what openpyxl can unpack. ``in_batches`` splits ``__in`` lookups so that no query
has more parameters than SQLite allows.
"""

from __future__ import annotations

import datetime
import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

BATCH = 900
"""Values per ``__in`` lookup and rows per ``bulk_create`` batch (SQLite's old limit is 999 variables)."""


_DAMAGED = (zipfile.BadZipFile, zlib.error, SyntaxError)  # SyntaxError: broken XML (ElementTree and lxml)


class UploadRefused(ValueError):
    """An upload is over a limit; ``str()`` is the message for the person, in the active language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class UploadDamaged(UploadRefused):
    """A file that cannot be read as what it claims to be (a damaged workbook); ``__cause__`` says why."""


def max_bytes() -> int:
    return settings.PEIXUN_IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.PEIXUN_IMPORT_MAX_ROWS


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def upload_check_size(size: int) -> None:
    """Refuse a file of ``size`` bytes over ``PEIXUN_IMPORT_MAX_BYTES``."""
    if size > max_bytes():
        raise UploadRefused(_("文件过大（上限 %(mb)s MB）。") % {"mb": _mb(max_bytes())})


def upload_read(upload) -> bytes:
    """The bytes of an uploaded file (Django's ``UploadedFile``), refused unread when it is too big."""
    upload_check_size(upload.size)
    return upload.read()


def upload_check_xlsx(data: bytes) -> None:
    """Refuse an XLSX whose members would unpack to more than ``PEIXUN_IMPORT_MAX_XLSX_BYTES``.

    Reads only the zip's central directory; a file that is not a zip is left for the reader to refuse.
    """
    limit = settings.PEIXUN_IMPORT_MAX_XLSX_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    if total > limit:
        raise UploadRefused(
            _("XLSX 文件解压后过大（%(size)s MB，上限 %(mb)s MB）。") % {"size": _mb(total), "mb": _mb(limit)}
        )


def rows_limited(rows: Iterable, *, header: int = 1) -> Iterator:
    """Yield ``rows`` and refuse the file once it has more than ``PEIXUN_IMPORT_MAX_ROWS`` data rows."""
    limit = max_rows() + header
    for count, row in enumerate(rows, start=1):
        if count > limit:
            raise UploadRefused(_("文件行数过多（上限 %(n)s 行）。") % {"n": f"{max_rows():,}"})
        yield row


def xlsx_rows(data: bytes) -> Iterator[tuple]:
    """Yield the rows (tuples of cell values) of the first sheet of an XLSX, within every limit.

    A damaged workbook (not a zip, broken XML, missing parts) is refused with a message, also when the
    damage only shows while the rows are read.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    upload_check_xlsx(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            yield from rows_limited(book.worksheets[0].iter_rows(values_only=True))
        finally:
            book.close()
    except UploadRefused:
        raise
    except (*_DAMAGED, InvalidFileException, IndexError, KeyError, TypeError, ValueError, EOFError, OSError) as exc:
        raise UploadDamaged(_("无法读取 XLSX 文件（文件已损坏或不是 Excel 工作簿）。")) from exc


def pending_dir() -> Path:
    """Where an uploaded import file waits between its preview and the confirm (``var/imports``)."""
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def previews_sweep(*, now: datetime.datetime) -> int:
    """Delete the waiting import files older than ``PEIXUN_IMPORT_PREVIEW_HOURS`` at ``now``; return how many."""
    cutoff = (now - datetime.timedelta(hours=settings.PEIXUN_IMPORT_PREVIEW_HOURS)).timestamp()
    removed = 0
    for path in pending_dir().iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def in_batches(values: Iterable, size: int = BATCH) -> Iterator[list]:
    """Split ``values`` into lists of at most ``size`` (for ``__in`` lookups)."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]
