"""Trainer and manager pages inside the Wagtail admin: import/export, essay grading, statistics,
question and whole-quiz preview, poll results.

Wagtail only checks "can access admin" for these, so each view checks its own permission, and objects
tied to people (answers, attempts, votes) are looked up through ``staff_visible_to`` (others are 404).
Statistics, previews and the bank export show correct answers, so each refuses a quiz or question whose
key the user may not see now (``selectors.may_see_key``: their own attempt or assignment of it is open).
"""

from __future__ import annotations

import random

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from lms.uploads import UploadRefused, upload_read
from people import roles
from people.audit import audit_import
from people.selectors import staff_visible_to

from .attempts import AttemptError, essay_grade
from .bank import bank_file_read, bank_import, bank_questions
from .formats import BankFileError, format_from_filename, write_bank
from .formats.xlsx import blank_template
from .forms import answers_from_post
from .models import Answer, Poll, Question, QuestionCategory, Quiz
from .preview import SEED_MAX, preview_seed, quiz_preview_grade, quiz_preview_layout
from .reports import poll_results, quiz_statistics
from .selectors import (
    ShownQuestion,
    correct_answer_text,
    essay_queue,
    may_see_key,
    questions_key_hidden_from,
    shown_questions,
)

CONTENT_TYPES = {
    "moodle-xml": ("application/xml", "xml"),
    "gift": ("text/plain; charset=utf-8", "gift.txt"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def can_author(user) -> bool:
    return user.has_perm("exams.add_question")


def can_grade(user) -> bool:
    return bool(roles.roles_of(user) & {roles.TRAINER, roles.HR})


def can_see_stats(user) -> bool:
    return roles.is_organiser(user)


def _require(check, user):
    if not check(user):
        raise PermissionDenied


KEY_HIDDEN = _("你有这份测验尚未完成的作答或测验任务：完成、用完次数或截止之前，不能查看它的答案、统计或预览。")


def key_refused(request, back: str):
    """Tell the user why the key is not shown and send them back to ``back`` (a URL name)."""
    messages.error(request, KEY_HIDDEN)
    return redirect(back)


def question_key_hidden(user, where: Q) -> bool:
    """Whether any question matching ``where`` belongs to a quiz whose key ``user`` may not see now."""
    return questions_key_hidden_from(user, now=timezone.now()).filter(where).exists()


class ImportForm(forms.Form):
    file = forms.FileField(label=_("题库文件"), help_text=_("Moodle XML、GIFT、Aiken（.txt）或 Excel 模板（.xlsx）"))
    format = forms.ChoiceField(
        label=_("格式"),
        required=False,
        choices=[
            ("", _("按扩展名判断")),
            ("moodle-xml", "Moodle XML"),
            ("gift", "GIFT"),
            ("aiken", "Aiken"),
            ("xlsx", "Excel"),
        ],
    )
    category = forms.CharField(label=_("放入分类"), required=False, help_text=_("可选：所有试题放在这个分类之下。"))


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("格式"), choices=[("moodle-xml", "Moodle XML"), ("gift", "GIFT"), ("xlsx", "Excel")]
    )
    category = forms.ModelChoiceField(
        label=_("分类"),
        required=False,
        queryset=QuestionCategory.objects.all(),
        to_field_name="path",
        empty_label=_("全部"),
    )


def bank_import_view(request):
    _require(can_author, request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "export_form": ExportForm()}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = upload_read(upload)
            fmt = form.cleaned_data["format"] or format_from_filename(upload.name, data)
            if fmt is None:
                raise BankFileError(_("无法判断文件格式，请选择格式。"))
            questions, problems = bank_file_read(data, fmt=fmt)
        except (BankFileError, UploadRefused) as exc:
            context["error"] = str(exc)
            return render(request, "exams/admin/import.html", context)
        report = context["report"] = bank_import(
            questions, problems=problems, root=form.cleaned_data["category"].strip()
        )
        counts = {k: sum(getattr(report, k).values()) for k in ("created", "updated", "unchanged", "skipped")}
        audit_import(
            actor=request.user, kind="questions", data=data, file_name=upload.name, counts=counts, model=Question
        )
        context["file_name"] = upload.name
    return render(request, "exams/admin/import.html", context)


def bank_export_view(request):
    _require(can_author, request.user)
    form = ExportForm(request.GET or None)
    if not form.is_valid():
        return redirect("exams_admin:import")
    fmt, category = form.cleaned_data["format"], form.cleaned_data["category"]
    where = Q(category__path=category.path) | Q(category__path__startswith=category.path + "/") if category else Q()
    if question_key_hidden(request.user, where):
        return key_refused(request, "exams_admin:import")
    data, problems = write_bank(bank_questions(category_path=category.path if category else ""), fmt)
    content_type, ext = CONTENT_TYPES[fmt]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="questions.{ext}"'
    if problems:
        response["X-Peixun-Skipped"] = str(len(problems))
    return response


def xlsx_template_view(request):
    _require(can_author, request.user)
    response = HttpResponse(blank_template(), content_type=CONTENT_TYPES["xlsx"][0])
    response["Content-Disposition"] = 'attachment; filename="question-template.xlsx"'
    return response


def grading_queue_view(request):
    _require(can_grade, request.user)
    answers = essay_queue(staff_visible_to(request.user).values("pk"))
    return render(request, "exams/admin/grading_queue.html", {"answers": answers})


class GradeForm(forms.Form):
    percent = forms.IntegerField(label=_("得分（%）"), min_value=0, max_value=100)
    comment = forms.CharField(label=_("评语"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


def grade_essay_view(request, answer_id: int):
    _require(can_grade, request.user)
    answer = get_object_or_404(
        Answer.objects.select_related("attempt__staff", "attempt__quiz", "question"),
        pk=answer_id,
        question__type="essay",
        attempt__staff__in=staff_visible_to(request.user),
    )
    initial = {"percent": round(answer.score * 100) if answer.score is not None else None, "comment": answer.comment}
    form = GradeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            essay_grade(
                answer_id=answer.pk,
                grader=request.user,
                fraction=form.cleaned_data["percent"] / 100,
                comment=form.cleaned_data["comment"],
            )
        except AttemptError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("已评分。"))
            return redirect("exams_admin:grading")
    return render(request, "exams/admin/grade.html", {"answer": answer, "form": form})


def quiz_stats_list_view(request):
    _require(can_see_stats, request.user)
    return render(request, "exams/admin/stats_list.html", {"quizzes": Quiz.objects.order_by("title")})


def quiz_stats_view(request, quiz_id: int):
    _require(can_see_stats, request.user)
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    if not may_see_key(request.user, quiz, now=timezone.now()):
        return key_refused(request, "exams_admin:stats_list")
    report = quiz_statistics(quiz, staff_visible_to(request.user).values("pk"))
    return render(request, "exams/admin/stats.html", {"quiz": quiz, "report": report})


def question_preview_view(request, question_id: int):
    if not request.user.has_perm("exams.view_question") and not can_author(request.user):
        raise PermissionDenied
    question = get_object_or_404(Question.objects.prefetch_related("choices"), pk=question_id)
    if question_key_hidden(request.user, Q(pk=question.pk)):
        return key_refused(request, "exam_questions:index")
    data = question.data or {}
    shown = ShownQuestion(
        number=1,
        id=question.pk,
        type=question.type,
        text=question.text,
        options=list(enumerate([c.text for c in question.choices.all()] or data.get("items", []))),
        lefts=list(enumerate(p["left"] for p in data.get("pairs", []))),
        rights=list(enumerate(sorted({p["right"] for p in data.get("pairs", [])} | set(data.get("distractors", []))))),
    )
    context = {"question": question, "q": shown, "correct": correct_answer_text(question)}
    return render(request, "exams/admin/preview.html", context)


def quiz_preview_view(request, quiz_id: int):
    """The whole quiz as staff would take it; a submitted run-through is scored and reviewed, nothing saved.

    The URL carries the seed of the draw, so a reload shows the same questions; without one (or with a
    bad one) the trainer is sent to a fresh draw.
    """
    _require(can_author, request.user)
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    if not may_see_key(request.user, quiz, now=timezone.now()):
        return key_refused(request, "exam_quizzes:index")
    seed = preview_seed(request.POST.get("seed") if request.method == "POST" else request.GET.get("seed"))
    if seed is None:
        if request.method == "POST":
            messages.error(request, _("预览已失效，请重新作答。"))
        fresh = random.randint(0, SEED_MAX)
        return redirect(f"{reverse('exams_admin:quiz_preview', args=[quiz.pk])}?seed={fresh}")
    layout = quiz_preview_layout(quiz=quiz, seed=seed)
    context = {"quiz": quiz, "seed": seed, "questions": shown_questions(layout, {})}
    if request.method == "POST" and layout:
        context["result"] = quiz_preview_grade(
            quiz=quiz, layout=layout, answers=answers_from_post(layout, request.POST)
        )
    return render(request, "exams/preview.html", context)


def poll_results_view(request, poll_id: int):
    _require(can_see_stats, request.user)
    poll = get_object_or_404(Poll, pk=poll_id)
    results = poll_results(poll, staff_visible_to(request.user).values("pk"))
    return render(request, "exams/admin/poll_results.html", {"poll": poll, "results": results})


class PermMenuItem(MenuItem):
    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(request.user)


def menu_tool(label, url_name, icon, order, check):
    return PermMenuItem(label, reverse(url_name), icon_name=icon, order=order, check=check)
