"""The year of a report page (``?year=``): the hall matrix and the compliance report's filters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import periods


class YearForm(forms.Form):
    """``?year=2026``: the report's calendar year (default: this year); a later year is a form error."""

    year = forms.IntegerField(required=False, min_value=2000, label=_("年度"))

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and year > periods.local_day(timezone.now()).year:
            raise forms.ValidationError(_("年度不能晚于今年。"))
        return year


def year_nav(form) -> dict:
    """Return the page's year (``?year=``, default this year) and, in January, the year just closed."""
    today = periods.local_day(timezone.now())
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or today.year
    return {"year": year, "this_year": today.year, "closed_year": today.year - 1 if today.month == 1 else None}
