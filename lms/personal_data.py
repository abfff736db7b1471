"""The hooks through which every app hands over, and erases, what it holds about one person (PIPL).

An app registers ``fn(staff) -> list[Section]`` with ``hooks.register(PERSONAL_DATA, fn)``: its rows about
the person (plain JSON-able dicts, e.g. from ``values()``) and any stored files of theirs. ``people``
collects them into the person's download (``people.privacy``). An app that keeps names or files outside
the person's rows registers ``fn(staff) -> None`` with ``PERSONAL_ERASE``; it runs inside the erasure's
transaction, before the profile is anonymised (``staff`` still has its name).
"""

from dataclasses import dataclass, field
from pathlib import Path

from wagtail import hooks

PERSONAL_DATA = "peixun_personal_data"
PERSONAL_ERASE = "peixun_personal_erase"


@dataclass
class Section:
    key: str
    rows: list | dict
    files: list[tuple[str, Path]] = field(default_factory=list)
    """``(name inside the ZIP, path on disk)`` of the person's stored files."""


def personal_data_sections(staff) -> list[Section]:
    """Every app's sections about ``staff``, in hook order."""
    return [section for fn in hooks.get_hooks(PERSONAL_DATA) for section in fn(staff)]


def personal_data_erase(staff) -> None:
    """Let every app erase what it keeps about ``staff`` outside the person's own rows."""
    for fn in hooks.get_hooks(PERSONAL_ERASE):
        fn(staff)
