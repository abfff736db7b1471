"""Admin view to assign a module, by audience or to chosen people, within the assigner's own scope."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from people.selectors import staff_visible_to

from .models import ModulePage
from .progress import module_assign, module_assign_by_audience


class AssignForm(forms.Form):
    module = forms.ModelChoiceField(
        queryset=ModulePage.objects.none(), label=gettext_lazy("课程"), empty_label=gettext_lazy("请选择")
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("指派给"),
        choices=[
            ("audience", gettext_lazy("课程适用对象（按岗位、营业厅）")),
            ("chosen", gettext_lazy("下面选中的人")),
        ],
        widget=forms.RadioSelect,
        initial="audience",
    )
    staff = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=gettext_lazy("员工"), widget=forms.CheckboxSelectMultiple
    )
    due_on = forms.DateField(
        label=gettext_lazy("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = ModulePage.objects.live().order_by("path")
        self.fields["staff"].queryset = staff_visible_to(user).employed_on(timezone.localdate())

    def clean(self):
        data = super().clean()
        if data.get("mode") == "chosen" and not data.get("staff"):
            self.add_error("staff", _("请至少选择一名员工。"))
        return data


def assign_module(request):
    user = request.user
    if not user.has_perm("courses.add_moduleassignment"):
        raise PermissionDenied
    form = AssignForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["mode"] == "audience":
            created = module_assign_by_audience(
                module=data["module"],
                staff=staff_visible_to(user),
                due_on=data["due_on"],
                today=timezone.localdate(),
                assigned_by=user,
            )
        else:
            created = module_assign(
                module=data["module"],
                staff_ids=[s.pk for s in data["staff"]],
                due_on=data["due_on"],
                assigned_by=user,
            )
        messages.success(request, _("已指派，新增 %(n)d 人。") % {"n": created})
        return redirect("courses_admin:assign")
    return TemplateResponse(request, "courses/admin/assign.html", {"form": form})


class AssignMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("courses.add_moduleassignment")
