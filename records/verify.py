"""Verification codes, QR codes and the genuineness check of a PDF.

A document's code is drawn before rendering and printed in the PDF (text and QR code); the SHA-256
of the final PDF bytes is stored afterwards. A copy is genuine exactly when its bytes hash to the stored
value: any edit, even re-saving, changes the hash, while the code still leads to the original's record.
"""

import hashlib
import io
import secrets

import segno

# Crockford-like alphabet: no 0/O, 1/I/L confusion when typed from paper. 12 chars = 60 bits.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12


def code_new() -> str:
    """Return a fresh, unguessable verification code."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def code_normalise(raw: str) -> str:
    return "".join(raw.split()).upper().replace("-", "")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def qr_svg(url: str) -> str:
    """Return an inline ``<svg>`` QR code for ``url``, generated locally (no URL fetch while rendering)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", xmldecl=False, svgns=True, nl=False, border=1, omitsize=True)
    return out.getvalue().decode()
