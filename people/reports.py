"""What the organisers' admin reports (compliance, courses) share: who may open them, their menu item,
and a refused export when a filter is invalid (a hall the user may not see, a bad year)."""

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.active_filters import ActiveFilter, BaseFilterAdapter, register_filter_adapter_class
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem

from . import roles
from .selectors import halls_visible_to


class OrganiserMenuItem(MenuItem):
    """A Reports menu item shown to the people who follow others' training."""

    def is_shown(self, request):
        return roles.is_organiser(request.user)


class CheckboxFilter(django_filters.BooleanFilter):
    """A "只看…" checkbox: unticked is no filter (not "False"), and its active-filter chip says 是."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, widget=forms.CheckboxInput, initial=False, **kwargs)


class CheckboxFilterAdapter(BaseFilterAdapter):
    def get_active_filters(self):
        if self.value:
            yield ActiveFilter(
                self.bound_field.auto_id, self.filter.label, _("是"), self.get_url_without_filter_param(self.name)
            )


register_filter_adapter_class(CheckboxFilter, CheckboxFilterAdapter, exact_class=True)


class HallFilterSet(WagtailFilterSet):
    """A filter set whose ``hall`` choices are the halls the user may see (``halls``, loaded once by the
    view); any other hall is an invalid choice."""

    hall = django_filters.ChoiceFilter(label=_("营业厅"), empty_label=_("全部营业厅"))

    def __init__(self, *args, halls, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["hall"].extra["choices"] = [(str(h.pk), h.name) for h in halls]


class OrganiserReportMixin:
    """For a Wagtail ``ReportView`` with a ``HallFilterSet``: organisers only (others: 403), at least one
    visible hall (else 404); an export with invalid filters answers 400 with the errors instead of
    exporting unfiltered rows."""

    def dispatch(self, request, *args, **kwargs):
        if not roles.is_organiser(request.user):
            raise PermissionDenied
        self.halls = list(halls_visible_to(request.user).select_related("branch").order_by("code"))
        if not self.halls:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self):
        return super().get_filterset_kwargs() | {"halls": self.halls}

    def get(self, request, *args, **kwargs):
        if self.is_export and self.filters and not self.filters.is_valid():
            errors = [str(e) for errs in self.filters.errors.values() for e in errs]
            return HttpResponseBadRequest("\n".join(errors), content_type="text/plain; charset=utf-8")
        return super().get(request, *args, **kwargs)

    @property
    def no_results_message(self):
        """The empty state: a filter that leaves nobody says so (Wagtail's ``no_results_message`` block)."""
        if self.is_filtering:
            return _("没有符合筛选条件的人员。请放宽筛选条件后再看。")
        return _("您可查看的范围内还没有人员。")

    def filter_value(self, name):
        """Return a filter's cleaned value (None when the filters are invalid)."""
        valid = self.filters and self.filters.is_valid()
        return self.filters.form.cleaned_data.get(name) if valid else None
