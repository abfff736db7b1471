"""Rows to a spreadsheet file: CSV text or XLSX bytes, a header row first (organiser reports' exports)."""

import csv
import io


def rows_csv(rows: list[list], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buf.getvalue()


def rows_xlsx(rows: list[list], columns: list[str], title: str = "sheet") -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(columns)
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
