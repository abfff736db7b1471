"""Front-end forms: creating a session, checking in with a code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evidence.models import EventKind, Launch
from lms.empty_choices import formfield_for_dbfield

from .models import TrainingSession


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        formfield_callback = formfield_for_dbfield
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
