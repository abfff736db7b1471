"""学员学习进度: the admin report (Reports menu) of the assigned modules and module quizzes of the people the
user may see, with CSV/XLSX export.

``courses.selectors.learner_progress`` loads the rows (scoped by ``staff_visible_to``, a fixed number of
queries); the page lists them by person, 50 people a page, under a summary per module; the export has one
row per assigned module.
"""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView

from lms.spreadsheets import SafeExportMixin
from people.audit import AuditedExportMixin
from people.reports import CheckboxFilter, HallFilterSet, OrganiserReportMixin

from . import learner_progress as report
from .models import ModuleAssignment, ModulePage
from .selectors import learner_progress

HEADINGS = {
    "number": _("工号"),
    "person": _("姓名"),
    "hall_label": _("营业厅"),
    "module_label": _("课程模块"),
    "lessons": _("课时进度"),
    "due": _("截止日期"),
    "overdue_label": _("是否逾期"),
    "completed": _("完成日期"),
    "quiz_label": _("模块测验"),
    "grade": _("测验成绩"),
    "passed_label": _("测验是否通过"),
}
"""The human columns of the export, before the machine ``learner_progress.CSV_COLUMNS`` (no name shared)."""


class ProgressFilterSet(HallFilterSet):
    """Hall (the user's halls only), module (every live one: the report lists assignments of restricted
    modules too) and "only overdue": the selector and the view apply them."""

    hall = django_filters.ChoiceFilter(label=_("营业厅"), empty_label=_("全部营业厅"), method="applied_by_view")
    module = django_filters.ModelChoiceFilter(
        queryset=ModulePage.objects.live().order_by("path"),
        label=_("课程模块"),
        empty_label=_("全部课程"),
        method="applied_by_view",
    )
    overdue = CheckboxFilter(label=_("只看有逾期课程的人员"), method="applied_by_view")

    class Meta:
        model = ModuleAssignment
        fields = []

    def applied_by_view(self, queryset, name, value):
        return queryset


def _flag(value: bool) -> str:
    return str(_("是") if value else _("否"))


def export_row(r: report.ProgressRow) -> dict:
    """Return one assigned module's export row: ``HEADINGS`` fields, then ``CSV_COLUMNS``."""
    tz = timezone.get_current_timezone()
    machine = report.export_row(r, tz=tz)
    q = r.quiz
    human = {
        "number": r.staff_no,
        "person": r.name,
        "hall_label": r.hall_name,
        "module_label": f"{r.module_code} {r.module_title}",
        "lessons": f"{r.done}/{r.total}",
        "due": r.due_on or "",
        "overdue_label": _flag(r.overdue),
        "completed": r.completed_at.astimezone(tz).date() if r.completed_at else "",
        "quiz_label": q.title if q else "",
        "grade": q.grade if q and q.grade is not None else "",
        "passed_label": _flag(q.passed) if q else "",
    }
    return human | dict(zip(report.CSV_COLUMNS, machine, strict=True))


class ProgressReportView(OrganiserReportMixin, AuditedExportMixin, SafeExportMixin, ReportView):
    audit_what = "learner_progress"

    page_title = _("学员学习进度")
    header_icon = "user"
    template_name = "courses/progress_report.html"
    results_template_name = "courses/progress_report_results.html"
    index_url_name = "courses_admin:progress"
    index_results_url_name = "courses_admin:progress_results"
    filterset_class = ProgressFilterSet
    paginate_by = 50
    list_export = [*HEADINGS, *report.CSV_COLUMNS]
    export_headings = HEADINGS

    def get_filtered_queryset(self):
        """Return ``[(person, their rows)]``: the page pages people, not rows."""
        self.today = timezone.localdate()
        self.rows = learner_progress(
            user=self.request.user,
            today=self.today,
            hall=self.filter_value("hall") or None,
            module=self.filter_value("module"),
        )
        people = report.by_person(self.rows)
        if self.filter_value("overdue"):
            people = [(person, mine) for person, mine in people if any(r.overdue for r in mine)]
        return people

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        return context | {"summaries": report.module_summaries(self.rows), "today": self.today}

    def as_spreadsheet(self, queryset, spreadsheet_format):
        rows = [r for _person, mine in queryset for r in mine]
        return super().as_spreadsheet(rows, spreadsheet_format)

    def to_row_dict(self, item):
        return export_row(item)

    def get_filename(self):
        return f"learner-progress-{self.today.isoformat()}"
