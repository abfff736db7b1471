"""Front-end forms of the courses app: the filter of the learner progress report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import Hall

from .models import ModulePage


class ProgressFilter(forms.Form):
    hall = forms.ModelChoiceField(Hall.objects.none(), required=False, label=_("营业厅"), empty_label=_("全部营业厅"))
    module = forms.ModelChoiceField(
        ModulePage.objects.none(), required=False, label=_("课程模块"), empty_label=_("全部课程")
    )
    overdue = forms.BooleanField(required=False, label=_("只看有逾期课程的人员"))

    def __init__(self, *args, halls, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = halls.order_by("code")
        self.fields["module"].queryset = modules
