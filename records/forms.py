"""Forms of the records pages: a transcript period, a bulk export scope, a PDF to verify."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Branch, Hall

MAX_VERIFY_UPLOAD = 20 * 1024 * 1024
MAX_BADGE_UPLOAD = 64 * 1024


class PeriodForm(forms.Form):
    """``?year=2026``, ``?month=2026-03`` or ``?start=2026-01-01&end=2026-06-30``; default: this year."""

    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    month = forms.RegexField(regex=r"^(20\d\d)-(0[1-9]|1[0-2])$", required=False)
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") or data.get("end"):
            if not (data.get("start") and data.get("end")):
                raise forms.ValidationError(_("请同时给出开始和结束日期。"))
            if data["end"] < data["start"]:
                raise forms.ValidationError(_("结束日期不能早于开始日期。"))
            if (data["end"] - data["start"]).days > 366 * 5:
                raise forms.ValidationError(_("期间不能超过五年。"))
            return data
        if data.get("month"):
            first = datetime.date.fromisoformat(data["month"] + "-01")
            data["start"] = first
            data["end"] = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
            return data
        year = data.get("year") or timezone.localdate().year
        data["start"], data["end"] = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return data


class ExportForm(forms.Form):
    hall = forms.ModelChoiceField(Hall.objects.all(), required=False, label=_("营业厅"), empty_label=_("全部"))
    branch = forms.ModelChoiceField(Branch.objects.all(), required=False, label=_("地市公司"), empty_label=_("全部"))
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("年度"))

    def clean(self):
        data = super().clean()
        if data.get("hall") and data.get("branch"):
            raise forms.ValidationError(_("请只选择营业厅或地市公司之一。"))
        return data


class VerifyUploadForm(forms.Form):
    file = forms.FileField(label=_("PDF 文件"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_VERIFY_UPLOAD:
            raise forms.ValidationError(_("文件过大。"))
        return upload


class BadgeVerifyForm(forms.Form):
    """An Open Badges 3.0 credential (VC-JWT) to check: pasted, or uploaded as a file; at most 64 KB."""

    token = forms.CharField(
        label=_("粘贴电子证书（JWT）"),
        required=False,
        max_length=MAX_BADGE_UPLOAD,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    file = forms.FileField(label=_("或上传电子证书文件"), required=False)

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("token") or "").strip()
        if upload is not None:
            if upload.size > MAX_BADGE_UPLOAD:
                raise forms.ValidationError(_("文件过大。"))
            try:
                text = upload.read().decode("utf-8").strip()
            except UnicodeDecodeError:
                raise forms.ValidationError(_("文件不是电子证书（JWT 文本）。")) from None
        if not text and not self.errors:
            raise forms.ValidationError(_("请粘贴或上传电子证书。"))
        data["credential"] = text
        return data
