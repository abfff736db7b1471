"""Spreadsheet cells made safe to open, and the CSV/XLSX writers that use them.

Every CSV or XLSX the project writes goes through ``cell_safe``: a text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is read by Excel and LibreOffice as a formula (``=HYPERLINK(…)``,
``+cmd|…``), so it gets a leading ``'``. Numbers, dates and booleans stay what they are.
The admin's exports (Wagtail's ``SpreadsheetExportMixin``) use ``SafeExportMixin``; the command-line
report uses ``rows_csv`` / ``rows_xlsx``; the question bank's XLSX (``exams.formats.xlsx``) writes through
``cell_safe`` and reads through ``cell_unquote``, so a bank survives its round trip.
"""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value):
    """Return ``value`` with a leading ``'`` if it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_unquote(value):
    """Undo ``cell_safe`` on text read back from a file the project wrote (the question bank's round trip)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class SafeExportMixin:
    """For a view with Wagtail's ``SpreadsheetExportMixin``: every exported cell through ``cell_safe``,
    headings too (some are names from the data); the CSV starts with a byte order mark so that Excel reads
    its Chinese as UTF-8, and is written while the view runs, in the user's admin language (a generator
    would translate after the view has returned)."""

    def preprocess_field_value(self, field, value, export_format):
        return cell_safe(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return cell_safe(super().get_heading(queryset, field))

    def stream_csv(self, queryset):
        return iter(["\ufeff", *super().stream_csv(queryset)])


def rows_csv(rows: list[list], columns: list[str]) -> str:
    """Return CSV text: the header row, then ``rows``, every cell through ``cell_safe``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([cell_safe(c) for c in columns])
    writer.writerows([cell_safe(c) for c in row] for row in rows)
    return buf.getvalue()


def rows_xlsx(rows: list[list], columns: list[str], title: str = "sheet") -> bytes:
    """Return XLSX bytes: the header row, then ``rows``, every cell through ``cell_safe``."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append([cell_safe(c) for c in columns])
    for row in rows:
        sheet.append([cell_safe(c) for c in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
