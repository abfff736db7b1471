"""The admin form of a question: the answers that are not choices are edited as plain text lines.

Only the parts of the chosen type count: the choices of a question of another type are deleted, the fields
of other types are neither validated nor kept, and a missing part of the chosen type is a form error on its
field. ``exams/question_form.js`` shows only the chosen type's panels (marked by ``viewsets.for_types``).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from people.posts import Post

from .bank import question_data_json
from .formats.model import AcceptedAnswer, ChoiceData, PairData, QuestionData, validate
from .labels import QuestionType

PAIR = "->"
CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE)
FIELD_OF_TYPE = {
    QuestionType.TRUEFALSE: "tf_answer",
    QuestionType.FILL: "accepted_text",
    QuestionType.ORDERING: "items_text",
    QuestionType.MATCHING: "pairs_text",
}
"""Where a missing part of each type is reported (choices go to the top of the form)."""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(WagtailAdminModelForm):
    tf_answer = forms.TypedChoiceField(
        label=_("判断题答案"),
        required=False,
        choices=[("", "—"), ("true", _("对")), ("false", _("错"))],
        coerce=lambda v: v == "true",
        empty_value=None,
    )
    accepted_text = forms.CharField(
        label=_("填空题可接受答案"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个；部分得分写成“答案|0.5”；* 为通配符。"),
    )
    items_text = forms.CharField(
        label=_("排序题各项（按正确顺序）"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    pairs_text = forms.CharField(
        label=_("匹配题"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行“左项 -> 右项”；只写“-> 右项”为干扰项。"),
    )

    class Media:
        js = ["exams/question_form.js"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("type") not in CHOICE_TYPES:
            data = _choices_deleted(data)
        super().__init__(data, *args, **kwargs)
        data = self.instance.data or {}
        self.initial.setdefault("tf_answer", {True: "true", False: "false"}.get(data.get("answer"), ""))
        self.initial.setdefault(
            "accepted_text",
            "\n".join(
                a["text"] + ("" if a["fraction"] == 1 else f"|{a['fraction']}") for a in data.get("accepted", [])
            ),
        )
        self.initial.setdefault("items_text", "\n".join(data.get("items", [])))
        pairs = [f"{p['left']} {PAIR} {p['right']}" for p in data.get("pairs", [])]
        self.initial.setdefault("pairs_text", "\n".join(pairs + [f"{PAIR} {d}" for d in data.get("distractors", [])]))

    def _question_data(self) -> QuestionData:
        c = self.cleaned_data
        accepted = []
        for line in _lines(c.get("accepted_text")):
            text, _sep, frac = line.rpartition("|") if "|" in line else (line, "", "1")
            try:
                accepted.append(AcceptedAnswer(text.strip(), float(frac)))
            except ValueError:
                self.add_error("accepted_text", _("“|”后须为 0 到 1 的数字。"))
        pairs, distractors = [], []
        for line in _lines(c.get("pairs_text")):
            left, _sep, right = line.partition(PAIR)
            if left.strip():
                pairs.append(PairData(left.strip(), right.strip()))
            else:
                distractors.append(right.strip())
        choices = []
        if "choices" in self.formsets and self.formsets["choices"].is_valid():
            for f in self.formsets["choices"].forms:
                if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("text"):
                    choices.append(ChoiceData(f.cleaned_data["text"], f.cleaned_data.get("fraction") or 0.0))
        return QuestionData(
            type=c.get("type") or "",
            text=c.get("text") or "",
            difficulty=c.get("difficulty") or 2,
            choices=choices,
            answer=c.get("tf_answer"),
            accepted=accepted,
            items=_lines(c.get("items_text")),
            pairs=pairs,
            distractors=distractors,
        )

    def clean(self):
        cleaned = super().clean()
        qtype = cleaned.get("type")
        if not qtype:
            return cleaned
        q = self._question_data()
        reason = validate(q)
        if reason:
            error = _("试题不完整：%(reason)s") % {"reason": reason}
            self.add_error(FIELD_OF_TYPE.get(qtype), error)
            return cleaned
        if qtype != QuestionType.ESSAY:
            cleaned["grader_info"] = ""
        if qtype != QuestionType.FILL:
            cleaned["case_sensitive"] = False
        self.instance.data = question_data_json(q)
        return cleaned


def _choices_deleted(data):
    """The posted data with every choice form marked for deletion (a type without choices keeps none)."""
    data = data.copy()
    try:
        total = int(data.get("choices-TOTAL_FORMS") or 0)
    except ValueError:
        return data
    for index in range(min(total, 1000)):
        data[f"choices-{index}-DELETE"] = "on"
    return data


class QuizForm(WagtailAdminModelForm):
    """Posts are picked from the list rather than typed as JSON."""

    audience_posts = forms.MultipleChoiceField(
        label=_("适用岗位"),
        required=False,
        choices=Post.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示全部岗位。"),
    )
