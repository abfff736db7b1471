"""Demo certificates for the demo halls, so the pages show every status: most people certified, some
expiring or expired, some never certified; demo_staff's counter certificate expires within the window and
their security one is still to earn. Imported through ``certificates_import`` like real old certificates;
a person and program that already hold a certificate are left alone, so running it again changes nothing."""

import datetime
import zlib

from django.utils import timezone

from people.demo import HALLS
from people.models import Staff

from .imports import CertificateRow
from .models import Certificate, Program
from .services import certificates_import
from .status import add_months


def _issued_on(staff_no: str, program: str, *, today: datetime.date, validity: int) -> datetime.date | None:
    """The issue day of a person's demo certificate (None: never certified), stable for the person."""
    if (staff_no, program) == ("QC01004", "SEC"):
        return None
    if (staff_no, program) == ("QC01004", "CTR"):
        return add_months(today + datetime.timedelta(days=25), -validity)
    k = zlib.crc32(f"{staff_no}|{program}".encode()) % 10
    if k == 0:
        return None
    if k == 1:
        return add_months(today - datetime.timedelta(days=40), -validity)
    if k == 2:
        return add_months(today + datetime.timedelta(days=45), -validity)
    return add_months(today, -(2 + k * 2))


def seed_demo(stdout=None) -> None:
    today = timezone.localdate()
    programs = {p.code: p for p in Program.objects.filter(active=True)}
    held = set(Certificate.objects.values_list("staff__staff_no", "program__code"))
    staff = Staff.objects.filter(hall__code__in=[h[2] for h in HALLS], left_on__isnull=True).order_by("staff_no")
    rows = []
    for person in staff:
        for code, program in programs.items():
            issued = _issued_on(person.staff_no, code, today=today, validity=program.validity_months)
            if issued is None or (person.staff_no, code) in held:
                continue
            expires = add_months(issued, program.validity_months)
            rows.append(CertificateRow(len(rows) + 2, person.staff_no, code, issued, expires))
    result = certificates_import(rows=rows)
    if stdout is not None:
        stdout.write(f"上岗证（演示）：新增 {result.created}，不变 {result.unchanged}，错误 {len(result.errors)}。")
