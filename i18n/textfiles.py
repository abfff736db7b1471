"""Decode an uploaded text table the way Chinese offices save them, deciding by content (pure).

Excel in a Chinese locale saves "CSV" in GBK (read as GB18030, its superset), "CSV UTF-8" with a byte
order mark, and "Unicode text" as UTF-16 with tabs. ``decode_table`` tries, in order: a byte order mark;
strict UTF-8 (unless the bytes look like UTF-16 without a mark: ASCII in UTF-16 is valid UTF-8 full of
NULs); UTF-16 without a mark when every other byte is mostly zero; strict GB18030. A guess (the last two)
is refused when it decodes to control characters, which no spreadsheet writes. The delimiter is the one of
tab and comma the first line holds more of.
"""

from __future__ import annotations

import re
from typing import NamedTuple

TRIED = ("UTF-8", "UTF-16", "GB18030")
"""The encodings ``decode_table`` recognises, named in its error."""

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8", "UTF-8 (BOM)"),
    (b"\xff\xfe", "utf-16-le", "UTF-16LE"),
    (b"\xfe\xff", "utf-16-be", "UTF-16BE"),
)
_NAMES = {"utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE", "utf-8": "UTF-8", "gb18030": "GB18030"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SAMPLE = 4096


class UnknownEncoding(ValueError):
    """The bytes are none of the encodings in ``TRIED``."""


class DecodedTable(NamedTuple):
    text: str
    encoding: str
    """A name for people: ``UTF-8``, ``UTF-8 (BOM)``, ``UTF-16LE``, ``UTF-16BE`` or ``GB18030``."""
    delimiter: str
    """``","`` or ``"\\t"``."""


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec of UTF-16 without a byte order mark when the zero bytes say so, else None."""
    sample = data[:_SAMPLE]
    if len(data) % 2 or len(sample) < 4:
        return None
    pairs = len(sample) // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= pairs / 10 and even * 2 <= odd:
        return "utf-16-le"
    if even >= pairs / 10 and odd * 2 <= even:
        return "utf-16-be"
    return None


def _strict(data: bytes, codec: str, *, guess: bool) -> str | None:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return None if guess and _CONTROL.search(text) else text


def decode_text(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` of ``data``; raise ``UnknownEncoding`` when it is none of ``TRIED``."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], codec, guess=False)
            if text is None:
                raise UnknownEncoding(name)
            return text, name
    utf16 = _utf16_without_bom(data)
    candidates = [(utf16, True)] if utf16 else []
    candidates += [("utf-8", False), ("gb18030", True)]
    for codec, guess in candidates:
        if (text := _strict(data, codec, guess=guess)) is not None:
            return text, _NAMES[codec]
    raise UnknownEncoding(", ".join(TRIED))


def delimiter_of(text: str) -> str:
    """Return the delimiter of a table: tab when its first non-empty line has more tabs than commas."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return "\t" if first.count("\t") > first.count(",") else ","


def decode_table(data: bytes) -> DecodedTable:
    """Decode a CSV or tab-separated file; raise ``UnknownEncoding`` when its encoding is not recognised."""
    text, encoding = decode_text(data)
    return DecodedTable(text, encoding, delimiter_of(text))
