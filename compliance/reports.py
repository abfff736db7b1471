"""培训合规总览: the admin report (Reports menu) of the people the user may see, with CSV/XLSX export.

Every row comes from one ``report_build`` over ``staff_visible_to(user)`` (a fixed number of queries);
the hall and branch filters narrow the people, the year picks the report, and the rule filters keep the
people who missed. The page also counts people and non-compliant people per branch and hall, each hall
linking to its matrix. Beside the rules, a column per active program gives today's certification status
(four queries more); the export has its Chinese label among the people's columns and its code among the
machines'.
"""

from dataclasses import dataclass
from functools import cached_property

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView

from certification.display import Cell, cell
from certification.selectors import certification_statuses, programs_active
from lms.spreadsheets import SafeExportMixin
from people.audit import AuditedExportMixin
from people.models import Staff
from people.reports import CheckboxFilter, HallFilterSet, OrganiserReportMixin
from people.selectors import staff_visible_to

from . import exports
from .forms import YearForm, year_nav
from .selectors import report_build
from .statuses import RuleCell, rule_cells
from .verdicts import PersonReport

RULES = [
    ("weekly", _("周培训")),
    ("annual", _("年度培训")),
    ("backbone", _("骨干培训")),
    ("new_service", _("新业务培训")),
    ("onboarding", _("入职安全教育")),
]


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ComplianceFilterSet(HallFilterSet):
    """Hall and branch narrow the people (choices: the user's halls and their branches only); year and
    the rule filters are read by the view after the report is built."""

    year = YearFilter(label=_("年度"), min_value=2000, method="judged_after")
    branch = django_filters.ChoiceFilter(field_name="hall__branch", label=_("地市公司"), empty_label=_("全部"))
    missed = django_filters.ChoiceFilter(
        choices=RULES, label=_("只看未达标（规则）"), empty_label=_("全部"), method="judged_after"
    )
    only_missed = CheckboxFilter(label=_("只看不合规人员"), method="judged_after")

    class Meta:
        model = Staff
        fields = []
        form = YearForm

    def __init__(self, *args, halls, **kwargs):
        super().__init__(*args, halls=halls, **kwargs)
        branches = sorted({h.branch for h in halls}, key=lambda b: b.code)
        self.filters["branch"].extra["choices"] = [(str(b.pk), b.name) for b in branches]

    def judged_after(self, queryset, name, value):
        """Year and verdicts are not columns: the view applies them to the report."""
        return queryset


@dataclass
class PersonRow:
    staff: Staff
    report: PersonReport
    certification: list[Cell]
    """Today's certification status per active program (by code)."""

    @cached_property
    def export(self) -> dict:
        """The export row (``compliance.exports.person_export``); the page shows its labels too."""
        return exports.person_export(self.staff, self.report) | exports.certification_export(self.certification)

    @cached_property
    def cells(self) -> list[RuleCell]:
        """The five rules as the page shows them (label, colour, sign and count)."""
        return rule_cells(self.report)


class ComplianceReportView(OrganiserReportMixin, AuditedExportMixin, SafeExportMixin, ReportView):
    audit_what = "compliance_report"

    def export_people(self, items):
        return [row.staff.pk for row in items]

    page_title = _("培训合规总览")
    header_icon = "tasks"
    results_template_name = "compliance/report_results.html"
    index_url_name = "compliance_admin:report"
    index_results_url_name = "compliance_admin:report_results"
    filterset_class = ComplianceFilterSet
    list_export = exports.EXPORT_FIELDS
    export_headings = exports.HEADINGS

    def get_queryset(self):
        return staff_visible_to(self.request.user)

    def get_filtered_queryset(self):
        staff = self.filter_queryset(self.get_queryset())
        self.nav = year_nav(self.filters.form)
        self.year = self.nav["year"]
        now = timezone.now()
        report = report_build(as_of=now, year=self.year, staff=staff, with_halls=False, evidence=False)
        self.programs = programs_active()
        certified = certification_statuses(staff=staff, as_of=now, programs=self.programs) if self.programs else {}
        self.list_export = exports.export_fields(self.programs)
        self.export_headings = exports.HEADINGS | exports.certification_columns(self.programs)[0]
        info = {s.staff_no: s for s in staff}
        rows = (
            PersonRow(info[p.staff_no], p, [cell(r) for r in certified.get(info[p.staff_no].pk, ())])
            for p in report.staff
        )
        self.rows = sorted(rows, key=lambda row: (row.staff.hall.code, row.staff.staff_no))
        rule, only_missed = self.filter_value("missed"), self.filter_value("only_missed")
        return [
            row
            for row in self.rows
            if not (only_missed and row.report.compliant)
            and not (rule and getattr(row.report, rule).status != "missed")
        ]

    def _groups(self) -> dict:
        """Branch → hall → counts of people and non-compliant people (over the hall/branch filter)."""
        groups: dict = {}
        for row in self.rows:
            hall = row.staff.hall
            counts = groups.setdefault(hall.branch, {}).setdefault(hall, {"total": 0, "bad": 0})
            counts["total"] += 1
            counts["bad"] += 0 if row.report.compliant else 1
        return groups

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        extra = {"groups": self._groups(), "form": self.filters.form, "programs": self.programs, "rules": RULES}
        return context | self.nav | extra

    def to_row_dict(self, item):
        """The export row in the order of ``list_export`` (the XLSX writer follows the dict's order)."""
        return {field: item.export.get(field) for field in self.list_export}

    def get_filename(self):
        return f"compliance-{self.year}-{timezone.localdate().isoformat()}"
