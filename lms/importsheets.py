"""The columns of an import file, described once, and the XLSX template made from that description.

Each importer lists its ``Column``s; the reader accepts a column under its code or under its heading in
any UI language (``column_names``), and ``template_xlsx`` writes the heading row, an example row, a
drop-down list for each column with fixed values and a second sheet explaining every column. A test
imports a filled template, so the template and the reader cannot drift apart.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as gettext_now

from .spreadsheets import cell_safe

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column of an import file: ``label`` and ``help`` are lazy texts (Chinese msgids)."""

    code: str
    label: object
    help: object
    example: str = ""
    required: bool = True
    """The heading must be in the file (its cells may still be optional: see ``help``)."""
    choices: Callable[[], Sequence[str]] | None = None
    """The allowed values, when the column has a fixed list (a drop-down in the template)."""


def header_of(columns: Sequence[Column]) -> list[str]:
    """The codes of the columns every file must have."""
    return [c.code for c in columns if c.required]


def column_names(columns: Sequence[Column]) -> dict[str, str]:
    """Map each accepted heading (lowercase: the code, the label in every UI language) to its code."""
    names = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.update({str(c.label).strip().lower(): c.code for c in columns})
    return names | {c.code: c.code for c in columns}


def template_xlsx(columns: Sequence[Column], *, choices: Mapping[str, Sequence[str]] | None = None) -> bytes:
    """Return the XLSX template of ``columns`` in the active language.

    ``choices`` adds allowed values only the database knows (program codes), by column code.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    allowed = {c.code: list(c.choices()) for c in columns if c.choices} | dict(choices or {})
    book = Workbook()
    sheet = book.active
    sheet.title = gettext_now("导入数据")
    sheet.append([str(c.label) for c in columns])
    sheet.append([cell_safe(c.example) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(gettext_now("说明"))
    notes.append([gettext_now("“导入数据”页的第 2 行是示例：导入前请改写或删除。")])
    notes.append([])
    notes.append(
        [gettext_now("列"), gettext_now("列代码"), gettext_now("必填列"), gettext_now("说明"), gettext_now("可选值")]
    )
    for cell in notes[3]:
        cell.font = Font(bold=True)
    lists = book.create_sheet("lists")
    lists.sheet_state = "hidden"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, 2 * len(str(column.label)) + 4)
        values = allowed.get(column.code, [])
        notes.append(
            [
                str(column.label),
                column.code,
                gettext_now("是") if column.required else gettext_now("否"),
                str(column.help),
                "、".join(values),
            ]
        )
        if values:
            for row, value in enumerate(values, start=1):
                lists.cell(row=row, column=index, value=cell_safe(value))
            rule = DataValidation(type="list", formula1=f"lists!${letter}$1:${letter}${len(values)}", allow_blank=True)
            rule.add(f"{letter}2:{letter}1001")
            sheet.add_data_validation(rule)
    for letter, width in zip("ABCDE", (16, 16, 8, 60, 40), strict=True):
        notes.column_dimensions[letter].width = width
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
