"""Front-end forms: the year of a page, filtering the overview."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Branch, Hall

from . import periods


class YearForm(forms.Form):
    """``?year=2026``: the report's calendar year (default: this year); a later year is a form error."""

    year = forms.IntegerField(required=False, min_value=2000, label=_("年度"))

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and year > periods.local_day(timezone.now()).year:
            raise forms.ValidationError(_("年度不能晚于今年。"))
        return year


class OverviewFilter(YearForm):
    RULES = [
        ("", _("全部")),
        ("weekly", _("周培训")),
        ("annual", _("年度培训")),
        ("backbone", _("骨干培训")),
        ("new_service", _("新业务培训")),
        ("onboarding", _("入职安全教育")),
    ]
    branch = forms.ModelChoiceField(Branch.objects.all(), required=False, label=_("地市公司"), empty_label=_("全部"))
    hall = forms.ModelChoiceField(Hall.objects.all(), required=False, label=_("营业厅"), empty_label=_("全部"))
    missed = forms.ChoiceField(choices=RULES, required=False, label=_("只看未达标（规则）"))
    only_missed = forms.BooleanField(required=False, label=_("只看不合规人员"))

    def __init__(self, *args, halls, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = halls
        self.fields["branch"].queryset = Branch.objects.filter(halls__in=halls).distinct()
