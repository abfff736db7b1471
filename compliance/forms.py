"""Front-end forms: creating a session, checking in with a code, filtering the overview."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Branch, Hall

from . import periods
from .models import EventKind, Launch, TrainingSession


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["kind", "topic", "launch", "starts_at", "ends_at", "place", "halls", "notes"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "halls": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, halls, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["halls"].queryset = halls
        self.fields["halls"].required = True
        self.fields["launch"].queryset = Launch.objects.order_by("-announced_at")
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("结束时间不能早于开始时间。"))
        if data.get("kind") == EventKind.NEW_SERVICE and not data.get("launch"):
            self.add_error("launch", _("新业务培训须选择对应的新业务。"))
        return data


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("签到码"), max_length=12)


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
    branch = forms.ModelChoiceField(Branch.objects.all(), required=False, label=_("地市公司"))
    hall = forms.ModelChoiceField(Hall.objects.all(), required=False, label=_("营业厅"))
    missed = forms.ChoiceField(choices=RULES, required=False, label=_("只看未达标（规则）"))
    only_missed = forms.BooleanField(required=False, label=_("只看不合规人员"))

    def __init__(self, *args, halls, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = halls
        self.fields["branch"].queryset = Branch.objects.filter(halls__in=halls).distinct()
