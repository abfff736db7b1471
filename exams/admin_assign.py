"""Admin page for hand-made quiz assignments: a trainer or HR asks chosen people to pass a quiz by a time.

Only people the user may see (``staff_visible_to``) and employed today can be chosen; the assignments are
``AssignmentKind.MANUAL``, one per person, quiz and due day (assigning the same again changes nothing), and
each person newly assigned is told once, as the scheduled quizzes are.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people import roles
from people.models import Staff
from people.selectors import staff_visible_to

from .assignments import quiz_assign_and_tell
from .models import AssignmentKind, Quiz


def can_assign(user) -> bool:
    return bool(roles.roles_of(user) & {roles.TRAINER, roles.HR})


class QuizAssignForm(forms.Form):
    quiz = forms.ModelChoiceField(
        queryset=Quiz.objects.filter(is_active=True), label=gettext_lazy("测验"), empty_label=gettext_lazy("请选择")
    )
    due_at = forms.DateTimeField(
        label=gettext_lazy("截止时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    staff = forms.ModelMultipleChoiceField(
        queryset=None, label=gettext_lazy("员工"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        self.fields["staff"].queryset = staff_visible_to(user).employed_on(timezone.localdate(now))

    def clean_due_at(self):
        due = self.cleaned_data["due_at"]
        if due <= self.now:
            raise forms.ValidationError(_("截止时间须晚于现在。"))
        return due


def manual_period_key(due_at) -> str:
    """One hand-made assignment per person, quiz and (local) due day."""
    return f"manual:{timezone.localtime(due_at):%Y-%m-%d}"


def quiz_assign_view(request):
    if not can_assign(request.user):
        raise PermissionDenied
    now = timezone.now()
    form = QuizAssignForm(request.POST or None, user=request.user, now=now)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = quiz_assign_and_tell(
            staff=Staff.objects.filter(pk__in=[s.pk for s in data["staff"]]),
            quiz=data["quiz"],
            due_at=data["due_at"],
            period_key=manual_period_key(data["due_at"]),
            kind=AssignmentKind.MANUAL,
            text=_("新测验任务：%(quiz)s，请于 %(due)s 前完成。"),
        )
        messages.success(request, _("已指派测验，新增 %(n)d 人。") % {"n": created})
        return redirect("exams_admin:assign")
    return TemplateResponse(request, "exams/admin/assign.html", {"form": form})
