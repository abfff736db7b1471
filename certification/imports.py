"""Parse and validate program and certificate import files. Pure: no ORM (existence checks are the services').

Files are read with ``people.imports.read_table`` (the project's one CSV/XLSX reader); rows become plain
records plus a list of every problem with its line number, so the whole file can be refused.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from i18n.messages import Message
from lms.importsheets import Column, header_of
from people.imports import RowError, missing, row_dates
from people.posts import post_from_text

PROGRAM_COLUMNS = (
    Column("code", _("认证编码"), _("认证项目的唯一编码：字母、数字、“-”或“_”。"), "CTR"),
    Column("name", _("认证名称"), _("认证项目名称。"), "综合受理上岗认证"),
    Column("posts", _("适用岗位"), _("岗位名称或代码，以“;”分隔；留空为全部岗位。"), "综合受理;前台销售/服务顾问"),
    Column("validity_months", _("有效期（月）"), _("整数；留空为 24。"), "24"),
    Column("window_days", _("提前复训天数"), _("整数；留空为 60。"), "60"),
    Column("grace_days", _("宽限天数"), _("整数；留空为 30。"), "30"),
)
CERTIFICATE_COLUMNS = (
    Column("staff_no", _("工号"), _("持证员工的工号。"), "10086"),
    Column("program", _("认证编码"), _("认证项目编码，见可选值。"), "CTR"),
    Column("issued_on", _("发证日期"), _("日期，格式 YYYY-MM-DD。"), "2025-03-01"),
    Column("expires_on", _("到期日期"), _("日期，格式 YYYY-MM-DD，不早于发证日期。"), "2027-02-28"),
    Column("number", _("证书编号"), _("可选列：原证书编号，最多 40 个字符；留空则自动编号。"), "", required=False),
)
PROGRAM_HEADER = header_of(PROGRAM_COLUMNS)
CERTIFICATE_HEADER = header_of(CERTIFICATE_COLUMNS)
CERTIFICATE_OPTIONAL = [c.code for c in CERTIFICATE_COLUMNS if not c.required]
CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
DEFAULTS = {"validity_months": 24, "window_days": 60, "grace_days": 30}


@dataclass(frozen=True)
class ProgramRow:
    line: int
    code: str
    name: str
    posts: tuple[str, ...]
    validity_months: int
    window_days: int
    grace_days: int


@dataclass(frozen=True)
class CertificateRow:
    line: int
    staff_no: str
    program: str
    issued_on: datetime.date
    expires_on: datetime.date
    number: str = ""


def _duplicate(seen: dict, value: str, line: int, what) -> Message | None:
    if value in seen:
        return Message(what, value=value, line=seen[value])
    if value:
        seen[value] = line
    return None


def validate_program_rows(rows: list[tuple[int, dict]]) -> tuple[list[ProgramRow], list[RowError]]:
    """Check every program row (code format, known posts, whole numbers); return good rows and every error."""
    good, errors, seen = [], [], {}
    for line, row in rows:
        problems = [missing(n) for n in ("code", "name") if not row.get(n, "").strip()]
        code = row.get("code", "").strip()
        if code and not CODE.match(code):
            problems.append(Message(_("编码 “%(code)s” 只能包含字母、数字、“-”和“_”"), code=code))
        if dup := _duplicate(seen, code, line, _("编码 %(value)s 与第 %(line)s 行重复")):
            problems.append(dup)
        posts = []
        for text in (p.strip() for p in row.get("posts", "").split(";")):
            if text:
                post = post_from_text(text)
                if post is None:
                    problems.append(Message(_("未知岗位 “%(post)s”"), post=text))
                elif post not in posts:
                    posts.append(post)
        numbers = {}
        for name, default in DEFAULTS.items():
            value = row.get(name, "").strip()
            if not value:
                numbers[name] = default
            elif value.isdigit() and (int(value) >= 1 or name != "validity_months"):
                numbers[name] = int(value)
            else:
                problems.append(Message(_("%(column)s 应为整数 “%(value)s”"), column=name, value=value))
        if problems:
            errors.append(RowError(line, tuple(problems)))
            continue
        good.append(ProgramRow(line, code, row["name"].strip(), tuple(posts), **numbers))
    return good, errors


def validate_certificate_rows(rows: list[tuple[int, dict]]) -> tuple[list[CertificateRow], list[RowError]]:
    """Check every certificate row (dates, expiry not before issue, numbers unique in the file)."""
    good, errors, seen = [], [], {}
    for line, row in rows:
        problems = [missing(n) for n in CERTIFICATE_HEADER if not row.get(n, "").strip()]
        dates = row_dates(row, ("issued_on", "expires_on"), problems)
        if "issued_on" in dates and "expires_on" in dates and dates["expires_on"] < dates["issued_on"]:
            problems.append(Message(_("有效期至早于发证日期")))
        number = row.get("number", "").strip()
        if len(number) > 40:
            problems.append(Message(_("证书编号过长（最多 40 个字符）")))
        if dup := _duplicate(seen, number, line, _("证书编号 %(value)s 与第 %(line)s 行重复")):
            problems.append(dup)
        if problems:
            errors.append(RowError(line, tuple(problems)))
            continue
        good.append(
            CertificateRow(
                line, row["staff_no"].strip(), row["program"].strip(), dates["issued_on"], dates["expires_on"], number
            )
        )
    return good, errors
