"""Admin forms for people: a person's facts take an effective day; a leave period may not overlap another."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from i18n.messages import Message
from lms.empty_choices import formfield_for_dbfield

from .leaves import Period, first_overlap, overlap_problem
from .models import Leave, Staff


class StaffForm(WagtailAdminModelForm):
    """A person; on edit, a change of hall, post or backbone status holds from ``effective_on`` (default today)."""

    effective_on = forms.DateField(
        label=_("生效日期"),
        required=False,
        widget=AdminDateInput,
        help_text=_("营业厅、岗位或营业骨干的变动从这一天起生效；留空为今天。可以补录以前的变动。"),
    )

    class Meta:
        model = Staff
        formfield_callback = formfield_for_dbfield
        fields = ["staff_no", "name", "hall", "post", "is_backbone", "hired_on", "left_on", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["effective_on"]

    def effective_day(self):
        """The day the submitted facts hold from (a future hire: the hire date)."""
        data = self.cleaned_data
        return data.get("effective_on") or max(timezone.localdate(), data["hired_on"])

    def clean(self):
        data = super().clean()
        day, hired = data.get("effective_on"), data.get("hired_on")
        if day and day > timezone.localdate():
            self.add_error("effective_on", _("生效日期不能晚于今天。"))
        elif day and hired and day < hired:
            self.add_error("effective_on", _("生效日期不能早于入职日期。"))
        return data


class LeaveForm(WagtailAdminModelForm):
    """A leave period of a person named by staff number; refused when it ends before it starts or overlaps."""

    staff = forms.ModelChoiceField(
        queryset=Staff.objects.all(),
        to_field_name="staff_no",
        widget=forms.TextInput,
        label=_("工号"),
        error_messages={"invalid_choice": _("没有工号为 %(value)s 的员工。")},
    )

    class Meta:
        model = Leave
        formfield_callback = formfield_for_dbfield
        fields = ["staff", "kind", "start", "end", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["staff"] = self.instance.staff.staff_no

    def clean(self):
        data = super().clean()
        staff, start, end = data.get("staff"), data.get("start"), data.get("end")
        if not (staff and start and end):
            return data
        if end < start:
            self.add_error("end", _("末日不能早于首日。"))
            return data
        if start < staff.hired_on:
            self.add_error("start", str(Message(_("休假首日早于入职日期 %(day)s"), day=staff.hired_on.isoformat())))
        others = Leave.objects.filter(staff=staff).exclude(pk=self.instance.pk)
        clash = first_overlap(Period(start, end), [Period(o.start, o.end) for o in others])
        if clash:
            self.add_error(None, str(overlap_problem(clash)))
        return data
