"""Forms of the records pages: a document's period, the hall report's chooser, a bulk export scope, a PDF
to verify."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from people.models import Branch, Hall

from .periods import QUARTERS, part_bounds

PART_CHOICES = [
    ("", _("全年")),
    *zip(QUARTERS, (_("第一季度"), _("第二季度"), _("第三季度"), _("第四季度")), strict=True),
    *((f"m{n:02d}", MONTHS[n]) for n in range(1, 13)),
]
PERIOD_FIELDS = ("year", "part", "month", "start", "end")

MAX_VERIFY_UPLOAD = 20 * 1024 * 1024
MAX_BADGE_UPLOAD = 64 * 1024


class PeriodForm(forms.Form):
    """``?year=2026`` (with ``&part=q2`` for a quarter or ``&part=m03`` for a month), ``?month=2026-03`` or
    ``?start=2026-01-01&end=2026-06-30``; default: this year. Two of these at once is an error."""

    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    part = forms.ChoiceField(label=_("期间"), choices=PART_CHOICES, required=False)
    month = forms.RegexField(regex=r"^(20\d\d)-(0[1-9]|1[0-2])$", required=False)
    start = forms.DateField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if sum(bool(data.get(f)) for f in ("part", "month")) + bool(data.get("start") or data.get("end")) > 1:
            raise forms.ValidationError(_("请只选择一种期间：季度或月份，或者自定义起止日期。"))
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
        data["start"], data["end"] = part_bounds(year, data.get("part") or "")
        return data

    def period_query(self) -> dict:
        """The period as given (valid form): the query string of a download link."""
        return {f: self.data[f] for f in PERIOD_FIELDS if self.data.get(f)}


class HallReportForm(PeriodForm):
    """The hall report's chooser: one of ``halls`` (the user's, by code) and a period."""

    hall = forms.ChoiceField(label=_("营业厅"))
    field_order = ["hall", "year", "part", "start", "end"]

    def __init__(self, *args, halls, **kwargs):
        kwargs.setdefault("auto_id", "hall-report-%s")
        super().__init__(*args, **kwargs)
        self.halls = {h.code: h for h in halls}
        self.fields["hall"].choices = [(h.code, f"{h.branch.name} · {h.name}") for h in halls]


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
