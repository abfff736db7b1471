"""Parse and validate staff import files (CSV or XLSX). Pure: no ORM.

``read_table`` turns a file into numbered rows; ``validate_rows`` turns rows into ``StaffRow``
records and a list of every problem, so the caller can refuse the whole file on any error.
"""

import csv
import datetime
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from i18n.messages import Message, join
from i18n.textfiles import TRIED, UnknownEncoding, decode_table
from lms.importsheets import Column, column_names, header_of, template_xlsx
from lms.uploads import UploadRefused, rows_limited, upload_check_size, xlsx_rows

from .identifiers import identifier_problem
from .posts import post_from_text, post_names

STAFF_COLUMNS = (
    Column("staff_no", _("工号"), _("员工的唯一编号：字母、数字、“-”或“_”。"), "10086"),
    Column("name", _("姓名"), _("员工姓名。"), "张敏"),
    Column("branch", _("地市公司"), _("地市公司的编码或已有地市公司的名称；新地市公司须写编码。"), "QC"),
    Column("hall_code", _("营业厅编码"), _("营业厅编码；新编码会新建营业厅。"), "QC01"),
    Column("hall_name", _("营业厅名称"), _("营业厅名称。"), "中山路营业厅"),
    Column("post", _("岗位"), _("岗位名称，见可选值。"), "综合受理", choices=post_names),
    Column("is_backbone", _("是否骨干"), _("是或否（也可写 1/0）；留空为否。"), "否", choices=lambda: ["是", "否"]),
    Column("hired_on", _("入职日期"), _("日期，格式 YYYY-MM-DD。"), "2024-03-01"),
    Column("left_on", _("最后工作日"), _("离职员工的最后工作日（YYYY-MM-DD）；在职留空。"), ""),
    Column(
        "effective_on",
        _("生效日期"),
        _("可选列：营业厅、岗位或骨干变动的生效日期（YYYY-MM-DD）；留空为导入当天。"),
        "",
        required=False,
    ),
)
HEADER = header_of(STAFF_COLUMNS)
OPTIONAL = [c.code for c in STAFF_COLUMNS if not c.required]
"""Optional column: the day a change of hall, post or backbone status holds from (default: the import day)."""
MAX_LENGTHS = {"staff_no": 32, "name": 50, "branch": 32, "hall_code": 32, "hall_name": 100}
"""The longest text each column may hold: the ``max_length`` of the field it is stored in (tested)."""
REQUIRED = ["staff_no", "name", "branch", "hall_code", "hall_name", "post", "hired_on"]
IDENTIFIERS = ("staff_no", "hall_code")
"""Columns that must be identifiers (``people.identifiers``): they end up in URLs. ``branch`` may also be the
name of a known branch; a new branch needs a code (checked against the database by the plan)."""
_TRUE = {"1", "true", "yes", "y", "是", "t"}
_FALSE = {"0", "false", "no", "n", "否", "f", ""}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong type, bad encoding, wrong header); ``str()`` is the message."""


class Table(list):
    """The ``(line_number, row)`` pairs of a file, and how it was read: ``encoding`` (``XLSX`` for a workbook)
    and ``delimiter`` (``None`` for a workbook)."""

    def __init__(self, rows, *, encoding: str, delimiter: str | None):
        super().__init__(rows)
        self.encoding = encoding
        self.delimiter = delimiter

    @property
    def source(self) -> str:
        """How the file was read, for people: "GB18030, tab-separated", "XLSX"."""
        if self.delimiter is None:
            return self.encoding
        separated = _("制表符分隔") if self.delimiter == "\t" else _("逗号分隔")
        return str(Message(_("%(encoding)s，%(separated)s"), encoding=self.encoding, separated=separated))


@dataclass(frozen=True)
class StaffRow:
    line: int
    staff_no: str
    name: str
    branch: str
    hall_code: str
    hall_name: str
    post: str
    is_backbone: bool
    hired_on: datetime.date
    left_on: datetime.date | None
    effective_on: datetime.date | None = None


@dataclass(frozen=True)
class RowError:
    """Every problem of one line; rendered (``message``, ``str()``) in the language active when shown."""

    line: int
    problems: tuple[Message, ...]

    @property
    def message(self) -> str:
        return join(self.problems)

    def __str__(self):
        return str(Message(_("第 %(line)s 行：%(message)s"), line=self.line, message=self.message))


def missing(column: str) -> Message:
    """The problem of an empty required column."""
    return Message(_("缺少 %(column)s"), column=column)


def too_long(column: str, limit: int) -> Message:
    """The problem of a cell longer than its column may hold."""
    return Message(_("%(column)s 过长（最多 %(n)s 个字符）"), column=column, n=limit)


def check_size(size: int) -> None:
    """Refuse an import file over ``PEIXUN_IMPORT_MAX_BYTES`` (raise ImportFileError)."""
    try:
        upload_check_size(size)
    except UploadRefused as exc:
        raise ImportFileError(str(exc)) from exc


def bad_date(column: str, value: str) -> Message:
    """The problem of a date cell that is not ``YYYY-MM-DD``."""
    return Message(_("%(column)s 日期格式错误 “%(value)s”（应为 YYYY-MM-DD）"), column=column, value=value)


def parse_iso_date(text: str) -> datetime.date:
    """Parse an ISO ``YYYY-MM-DD`` date (also accepts an Excel date cell); raise ValueError."""
    if isinstance(text, datetime.datetime):
        return text.date()
    if isinstance(text, datetime.date):
        return text
    text = str(text).strip()
    if len(text) != 10:
        raise ValueError(text)
    return datetime.date.fromisoformat(text)


def row_dates(row: dict, names: tuple[str, ...], problems: list[Message]) -> dict[str, datetime.date]:
    """Parse the non-empty date cells ``names`` of a row; each bad one adds its problem to ``problems``."""
    dates = {}
    for name in names:
        value = row.get(name, "").strip()
        if value:
            try:
                dates[name] = parse_iso_date(value)
            except ValueError:
                problems.append(bad_date(name, value))
    return dates


def parse_bool(text) -> bool:
    if isinstance(text, bool):
        return text
    value = str(text if text is not None else "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(value)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        # Excel stores a date as midnight; keep the time only when the cell has one (training times).
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\x00", "").strip()  # PostgreSQL text cannot hold NUL


def read_table(data: bytes, filename: str, header: list[str], *, columns: Sequence[Column] = ()) -> Table:
    """Return the ``(line_number, row)`` pairs of CSV or XLSX bytes as a ``Table`` that says how it was read.

    A CSV may be UTF-8 (BOM optional), GB18030/GBK or UTF-16, comma- or tab-separated (``i18n.textfiles``).
    The first line must hold every column of ``header`` (extra columns are ignored), by its code or, for
    ``columns``, by its heading in any UI language (``lms.importsheets``). A file over the
    import limits (``lms.uploads``: size, unpacked XLSX size, rows) is refused before or while it is read.
    """
    suffix = Path(filename).suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ".tsv", ""):
        raise ImportFileError(Message(_("不支持的文件类型 %(suffix)s：请上传 CSV 或 XLSX。"), suffix=suffix))
    try:
        upload_check_size(len(data))
        if suffix in (".xlsx", ".xlsm"):
            return Table(_table(xlsx_rows(data), header, columns), encoding="XLSX", delimiter=None)
        decoded = _decoded(data)
        rows = rows_limited(csv.reader(io.StringIO(decoded.text), delimiter=decoded.delimiter))
        return Table(_table(rows, header, columns), encoding=decoded.encoding, delimiter=decoded.delimiter)
    except UploadRefused as exc:
        raise ImportFileError(str(exc)) from exc
    except csv.Error as exc:
        raise ImportFileError(Message(_("无法读取 CSV 文件：%(error)s"), error=str(exc))) from exc


def _table(rows: Iterator, header: list[str], columns: Sequence[Column]) -> list[tuple[int, dict[str, str]]]:
    """Number the rows read one by one (no list of raw rows beside the result: half the objects to track)."""
    first = next(rows, None)
    if first is None:
        raise ImportFileError(Message(_("文件是空的。")))
    known = column_names(columns)
    names = [known.get(name, name) for name in (_cell(c).lower() for c in first)]
    absent = [h for h in header if h not in names]
    if absent:
        raise ImportFileError(
            Message(
                _("表头缺少列：%(missing)s（需要：%(header)s）。"), missing=", ".join(absent), header=",".join(header)
            )
        )
    columns = [(i, name) for i, name in enumerate(names) if name]
    out = []
    for number, raw in enumerate(rows, start=2):
        cells = [_cell(c) for c in raw]
        if not any(cells):
            continue
        cells += [""] * (len(names) - len(cells))
        out.append((number, {name: cells[i] for i, name in columns}))
    return out


def _decoded(data: bytes):
    try:
        return decode_table(data)
    except UnknownEncoding as exc:
        raise ImportFileError(
            Message(
                _("无法识别文件的编码（已尝试 %(encodings)s）：请在 Excel 中另存为“CSV UTF-8”或 XLSX。"),
                encodings="/".join(TRIED),
            )
        ) from exc


def validate_rows(
    rows: list[tuple[int, dict[str, str]]], *, today: datetime.date | None = None
) -> tuple[list[StaffRow], list[RowError]]:
    """Check every row; return the good rows and every error (all of them, not just the first).

    ``effective_on`` may not be after ``today`` (the import day) nor before the hire date.
    """
    good, errors, seen = [], [], {}
    for line, row in rows:
        problems = [missing(name) for name in REQUIRED if not row.get(name, "").strip()]
        problems += filter(None, (identifier_problem(c, row.get(c, "").strip()) for c in IDENTIFIERS))
        problems += [too_long(name, n) for name, n in MAX_LENGTHS.items() if len(row.get(name, "").strip()) > n]
        post = post_from_text(row.get("post", ""))
        if row.get("post") and post is None:
            problems.append(Message(_("未知岗位 “%(post)s”"), post=row["post"]))
        dates = row_dates(row, ("hired_on", "left_on", "effective_on"), problems)
        try:
            backbone = parse_bool(row.get("is_backbone", ""))
        except ValueError:
            problems.append(
                Message(
                    _("is_backbone 无法识别 “%(value)s”（可用 1/0、true/false、是/否）"), value=row.get("is_backbone")
                )
            )
            backbone = False
        if "hired_on" in dates and "left_on" in dates and dates["left_on"] < dates["hired_on"]:
            problems.append(Message(_("最后工作日早于入职日期")))
        effective = dates.get("effective_on")
        if effective and today and effective > today:
            problems.append(Message(_("生效日期 %(day)s 晚于导入当天"), day=effective.isoformat()))
        if effective and "hired_on" in dates and effective < dates["hired_on"]:
            problems.append(Message(_("生效日期 %(day)s 早于入职日期"), day=effective.isoformat()))
        staff_no = row.get("staff_no", "").strip()
        if staff_no in seen:
            problems.append(
                Message(_("工号 %(staff_no)s 与第 %(line)s 行重复"), staff_no=staff_no, line=seen[staff_no])
            )
        elif staff_no:
            seen[staff_no] = line
        if problems:
            errors.append(RowError(line, tuple(problems)))
            continue
        good.append(
            StaffRow(
                line=line,
                staff_no=staff_no,
                name=row["name"].strip(),
                branch=row["branch"].strip(),
                hall_code=row["hall_code"].strip(),
                hall_name=row["hall_name"].strip(),
                post=post,
                is_backbone=backbone,
                hired_on=dates["hired_on"],
                left_on=dates.get("left_on"),
                effective_on=dates.get("effective_on"),
            )
        )
    return good, errors


def read_as(table: Table) -> str:
    """The line an import command prints first: how it read the file (rendered now, in the active language)."""
    return gettext_now("读取文件：%(source)s") % {"source": table.source}


def rows_refused(count: int) -> str:
    """What an import says when it refuses a file for ``count`` bad rows (rendered now, in the active language)."""
    return ngettext("%(n)s 行有错误，未导入任何数据。", "%(n)s 行有错误，未导入任何数据。", count) % {"n": count}


def import_arguments(parser) -> None:
    """The arguments of every import command: the file, or ``--template`` to write the XLSX template."""
    parser.add_argument("file", nargs="?")
    parser.add_argument(
        "--template", metavar="XLSX", help="write the XLSX template (header, example row, allowed values) and stop"
    )


def template_write(command, path: str, columns: Sequence[Column], *, choices=None) -> None:
    """Write the XLSX template of ``columns`` (in the active language) to ``path``."""
    Path(path).write_bytes(template_xlsx(columns, choices=choices))
    command.stdout.write(gettext_now("已写入模板：%(path)s") % {"path": path})


def import_path(file: str | None) -> Path:
    """The file an import command reads; raise CommandError when it is not given or not there."""
    if not file:
        raise CommandError(gettext_now("请给出要导入的文件（或用 --template 写出模板）。"))
    path = Path(file)
    if not path.is_file():
        raise CommandError(gettext_now("找不到文件：%(file)s") % {"file": file})
    return path


def run_import(command, file: str | None, header: list[str], validate, apply, *, model=None, columns=()):
    """Read ``file``, validate its rows, apply them in one transaction; raise CommandError on any bad row.

    An applied import is audited (``people.audit.audit_import``, its object ``model``)."""
    from .audit import audit_import  # not at the top: people.models imports this module (through leaves)

    path = import_path(file)
    try:
        check_size(path.stat().st_size)
        table = read_table(path.read_bytes(), path.name, header, columns=columns)
    except ImportFileError as exc:
        raise CommandError(str(exc)) from exc
    command.stdout.write(read_as(table))
    rows, errors = validate(table)
    with transaction.atomic():
        # The service checks what only the database knows (unknown staff, halls, launches) and writes
        # nothing when it finds a problem; it runs even after bad rows so that every problem is listed.
        result = apply(rows=rows)
        errors = sorted([*errors, *result.errors], key=lambda e: e.line)
        if errors:
            transaction.set_rollback(True)
        else:
            counts = {k: getattr(result, k) for k in ("created", "updated", "unchanged") if hasattr(result, k)}
            kind = command.__module__.rsplit(".", 1)[-1].removeprefix("import_")
            audit_import(actor=None, kind=kind, data=path.read_bytes(), file_name=path.name, counts=counts, model=model)
    if errors:
        for error in errors:
            command.stderr.write(str(error))
        raise CommandError(rows_refused(len(errors)))
    return result
