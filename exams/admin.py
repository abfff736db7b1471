"""Wagtail admin for trainers: bank browser, categories, quizzes, polls, plus the exam admin pages."""

import django_filters
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton, ListingButton

from . import admin_assign, admin_views
from .admin_forms import QuestionForm, QuizForm
from .models import Poll, Question, QuestionCategory, Quiz


class QuestionFilterSet(WagtailFilterSet):
    tag = django_filters.ModelChoiceFilter(field_name="tags", queryset=Tag.objects.order_by("name"), label=_("标签"))

    class Meta:
        model = Question
        fields = ["category", "type", "difficulty"]


class QuestionViewSet(ModelViewSet):
    model = Question
    icon = "help"
    menu_label = _("题库")
    list_display = ["__str__", "category", "type", "difficulty"]
    filterset_class = QuestionFilterSet
    search_fields = ["name", "text"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("category"),
            FieldRowPanel([FieldPanel("type"), FieldPanel("difficulty")]),
            FieldPanel("name"),
            FieldPanel("text"),
            FieldPanel("tags"),
            InlinePanel(
                "choices",
                label=_("选项（单选、多选）"),
                panels=[FieldPanel("text"), FieldPanel("fraction"), FieldPanel("feedback")],
            ),
            MultiFieldPanel(
                [
                    FieldPanel("tf_answer"),
                    FieldPanel("accepted_text"),
                    FieldPanel("case_sensitive"),
                    FieldPanel("items_text"),
                    FieldPanel("pairs_text"),
                    FieldPanel("grader_info"),
                ],
                heading=_("其他题型的答案"),
            ),
            FieldPanel("explanation"),
        ],
        base_form_class=QuestionForm,
    )


class CategoryViewSet(ModelViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    form_fields = ["name", "parent", "path"]
    list_display = ["path", "name"]
    search_fields = ["path"]
    search_backend_name = None


class QuizIndexView(IndexView):
    """The quiz list, with a 预览 button on each row for those who may author."""

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if admin_views.can_author(self.request.user):
            url = reverse("exams_quiz_preview", args=[instance.pk])
            buttons.insert(0, ListingButton(_("预览"), url=url, icon_name="view", attrs={"target": "_blank"}))
        return buttons


class QuizEditView(EditView):
    """The quiz editor, with a 预览 button in the header for those who may author."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if admin_views.can_author(self.request.user):
            url = reverse("exams_quiz_preview", args=[self.object.pk])
            buttons.append(HeaderButton(_("预览"), url=url, icon_name="view", attrs={"target": "_blank"}))
        return buttons


class QuizViewSet(ModelViewSet):
    model = Quiz
    index_view_class = QuizIndexView
    edit_view_class = QuizEditView
    icon = "tasks"
    list_display = ["title", "module", "pass_mark", "is_active"]
    list_filter = ["is_active", "event_kind"]
    search_fields = ["title"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("module"),
            FieldPanel("event_kind"),
            InlinePanel(
                "slots",
                label=_("题目（固定试题或随机抽题）"),
                panels=[
                    FieldPanel("question"),
                    FieldPanel("category"),
                    FieldPanel("include_subcategories"),
                    FieldPanel("difficulty"),
                    FieldPanel("question_type"),
                    FieldPanel("count"),
                ],
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("attempts_allowed")]),
                    FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("grading_method")]),
                    FieldRowPanel([FieldPanel("open_at"), FieldPanel("close_at")]),
                    FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                    FieldRowPanel([FieldPanel("layout"), FieldPanel("review")]),
                ],
                heading=_("规则"),
            ),
            MultiFieldPanel([FieldPanel("audience_posts"), FieldPanel("audience_halls")], heading=_("适用对象")),
            FieldPanel("is_active"),
        ],
        base_form_class=QuizForm,
    )


class PollViewSet(ModelViewSet):
    model = Poll
    icon = "list-ul"
    list_display = ["question", "page", "is_open"]
    search_fields = ["question"]
    search_backend_name = None
    panels = [
        FieldPanel("question"),
        FieldPanel("page"),
        InlinePanel("choices", label=_("选项"), panels=[FieldPanel("text")]),
        FieldPanel("allow_comment"),
        FieldPanel("is_open"),
    ]


class ExamsGroup(ModelViewSetGroup):
    menu_label = _("考试")
    menu_icon = "doc-full"
    menu_order = 300
    items = (
        QuestionViewSet("exam_questions", url_prefix="exams/questions"),
        CategoryViewSet("exam_categories", url_prefix="exams/categories"),
        QuizViewSet("exam_quizzes", url_prefix="exams/quizzes"),
        PollViewSet("exam_polls", url_prefix="exams/polls"),
    )


@hooks.register("register_admin_viewset")
def register_admin():
    return ExamsGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("exams/import/", admin_views.bank_import_view, name="exams_import"),
        path("exams/export/", admin_views.bank_export_view, name="exams_export"),
        path("exams/template.xlsx", admin_views.xlsx_template_view, name="exams_template"),
        path("exams/grading/", admin_views.grading_queue_view, name="exams_grading"),
        path("exams/grading/<int:answer_id>/", admin_views.grade_essay_view, name="exams_grade"),
        path("exams/stats/", admin_views.quiz_stats_list_view, name="exams_stats_list"),
        path("exams/stats/<int:quiz_id>/", admin_views.quiz_stats_view, name="exams_stats"),
        path("exams/preview/<int:question_id>/", admin_views.question_preview_view, name="exams_preview"),
        path("exams/preview/quiz/<int:quiz_id>/", admin_views.quiz_preview_view, name="exams_quiz_preview"),
        path("exams/polls/<int:poll_id>/results/", admin_views.poll_results_view, name="exams_poll_results"),
        path("exams/assign/", admin_assign.quiz_assign_view, name="exams_assign"),
    ]


class _PermMenuItem(MenuItem):
    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(request.user)


def _tool(label, url_name, icon, order, check):
    from . import admin_views

    check = check if callable(check) else getattr(admin_views, check)
    return _PermMenuItem(label, reverse(url_name), icon_name=icon, order=order, check=check)


@hooks.register("register_admin_menu_item")
def register_import_menu():
    return _tool(_("导入/导出试题"), "exams_import", "upload", 310, "can_author")


@hooks.register("register_admin_menu_item")
def register_grading_menu():
    return _tool(_("简答题评分"), "exams_grading", "edit", 311, "can_grade")


@hooks.register("register_admin_menu_item")
def register_stats_menu():
    return _tool(_("测验统计"), "exams_stats_list", "table", 312, "can_see_stats")


@hooks.register("register_admin_menu_item")
def register_assign_menu():
    return _tool(_("指派测验"), "exams_assign", "calendar-check", 313, admin_assign.can_assign)
