"""``manage.py import_certificates FILE``: certificates earned before Peixun, all rows or none."""

from django.utils.translation import gettext as _

from certification.imports import (
    CERTIFICATE_COLUMNS,
    CERTIFICATE_HEADER,
    CERTIFICATE_OPTIONAL,
    validate_certificate_rows,
)
from certification.models import Certificate, Program
from certification.services import certificates_import
from lms.commands import LocalizedCommand
from people.imports import import_arguments, run_import, template_write


class Command(LocalizedCommand):
    help = (
        "Import certificates earned before Peixun (header: "
        + ",".join(CERTIFICATE_HEADER + [f"[{c}]" for c in CERTIFICATE_OPTIONAL])
        + "; dates YYYY-MM-DD; a number is generated when none is given)."
    )

    def add_arguments(self, parser):
        import_arguments(parser)

    def handle(self, *args, file, template, **options):
        if template:
            codes = list(Program.objects.order_by("code").values_list("code", flat=True))
            return template_write(self, template, CERTIFICATE_COLUMNS, choices={"program": codes})
        result = run_import(
            self,
            file,
            CERTIFICATE_HEADER,
            validate_certificate_rows,
            certificates_import,
            model=Certificate,
            columns=CERTIFICATE_COLUMNS,
        )
        counts = {"created": result.created, "unchanged": result.unchanged}
        self.stdout.write(_("上岗证：导入 %(created)s，已存在 %(unchanged)s。") % counts)
