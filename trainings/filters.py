"""The filters of the organisers' list of sessions: hall (within the user's halls), date range, kind."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from evidence.models import EventKind
from people.models import Hall


class SessionFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("结束日期不能早于开始日期。"))
        return data


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionFilter(django_filters.FilterSet):
    hall = django_filters.ModelChoiceFilter(field_name="halls", queryset=Hall.objects.none(), label=_("营业厅"))
    start = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte", label=_("从"), widget=DATE)
    end = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte", label=_("至"), widget=DATE)
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("类别"))

    class Meta:
        form = SessionFilterForm

    def __init__(self, data=None, *args, halls, **kwargs):
        """``halls``: the halls the user may pick (a hall outside them is refused as a form error)."""
        super().__init__(data, *args, **kwargs)
        self.filters["hall"].queryset = halls.order_by("code")

    @property
    def active(self) -> bool:
        """Whether any filter was given (the empty message then says the filter left nothing)."""
        return self.is_bound and any(self.data.get(name) for name in self.filters)
