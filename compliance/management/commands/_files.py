"""The shared shell of the import commands: read, validate, apply atomically, list every bad row."""

from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from people.imports import ImportFileError, read_table, rows_refused


def run_import(command, file: str, header: list[str], validate, apply):
    """Read ``file``, validate its rows, apply them in one transaction; raise CommandError on any bad row."""
    path = Path(file)
    if not path.is_file():
        raise CommandError(_("找不到文件：%(file)s") % {"file": file})
    try:
        rows, errors = validate(read_table(path.read_bytes(), path.name, header))
    except ImportFileError as exc:
        raise CommandError(str(exc)) from exc
    with transaction.atomic():
        # The service checks what only the database knows (unknown staff, halls, launches) and writes
        # nothing when it finds a problem; it runs even after bad rows so that every problem is listed.
        result = apply(rows=rows)
        errors = sorted([*errors, *result.errors], key=lambda e: e.line)
        if errors:
            transaction.set_rollback(True)
    if errors:
        for error in errors:
            command.stderr.write(str(error))
        raise CommandError(rows_refused(len(errors)))
    return result
