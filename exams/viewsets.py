"""Wagtail admin for trainers: bank browser, categories, quizzes and polls (the 考试 group), registered by
``wagtail_hooks``."""

import django_filters
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import CopyView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton, ListingButton

from lms.empty_choices import EmptyChoiceMixin

from . import admin_views
from .admin_forms import QuestionForm, QuizForm
from .models import Poll, Question, QuestionCategory, QuestionType, Quiz
from .selectors import may_see_key


class QuestionFilterSet(WagtailFilterSet):
    tag = django_filters.ModelChoiceFilter(field_name="tags", queryset=Tag.objects.order_by("name"), label=_("标签"))

    class Meta:
        model = Question
        fields = ["category", "type", "difficulty"]


class QuizKeyGuard:
    """The editor of a quiz whose key the user may not see now sends them back with the reason."""

    def dispatch(self, request, *args, **kwargs):
        if not may_see_key(request.user, self.get_object(), now=timezone.now()):
            return admin_views.key_refused(request, "exam_quizzes:index")
        return super().dispatch(request, *args, **kwargs)


class QuestionKeyGuard:
    """The editor of a question of such a quiz (it shows the correct choices) does the same."""

    def dispatch(self, request, *args, **kwargs):
        if admin_views.question_key_hidden(request.user, Q(pk=self.get_object().pk)):
            return admin_views.key_refused(request, "exam_questions:index")
        return super().dispatch(request, *args, **kwargs)


class QuestionIndexView(IndexView):
    """The bank list shows each question's category by name: fetched with the questions, not one per row."""

    queryset = Question.objects.select_related("category")


class QuestionEditView(QuestionKeyGuard, EditView):
    pass


class QuestionCopyView(QuestionKeyGuard, CopyView):
    pass


def for_types(*types: str) -> dict:
    """The attribute by which ``question_form.js`` shows a panel only for these question types."""
    return {"data-question-types": " ".join(types)}


class QuestionViewSet(ModelViewSet):
    model = Question
    index_view_class = QuestionIndexView
    edit_view_class = QuestionEditView
    copy_view_class = QuestionCopyView
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
                label=_("选项"),
                panels=[FieldPanel("text"), FieldPanel("fraction"), FieldPanel("feedback")],
                attrs=for_types(QuestionType.SINGLE, QuestionType.MULTIPLE),
            ),
            FieldPanel("tf_answer", attrs=for_types(QuestionType.TRUEFALSE)),
            MultiFieldPanel(
                [FieldPanel("accepted_text"), FieldPanel("case_sensitive")],
                heading=_("填空题答案"),
                attrs=for_types(QuestionType.FILL),
            ),
            FieldPanel("items_text", attrs=for_types(QuestionType.ORDERING)),
            FieldPanel("pairs_text", attrs=for_types(QuestionType.MATCHING)),
            FieldPanel("grader_info", heading=_("评分要点与参考答案"), attrs=for_types(QuestionType.ESSAY)),
            FieldPanel("explanation"),
        ],
        base_form_class=QuestionForm,
    )


class CategoryViewSet(EmptyChoiceMixin, ModelViewSet):
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
            url = reverse("exams_admin:quiz_preview", args=[instance.pk])
            buttons.insert(0, ListingButton(_("预览"), url=url, icon_name="view", attrs={"target": "_blank"}))
        return buttons


class QuizEditView(QuizKeyGuard, EditView):
    """The quiz editor, with a 预览 button in the header for those who may author."""

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if admin_views.can_author(self.request.user):
            url = reverse("exams_admin:quiz_preview", args=[self.object.pk])
            buttons.append(HeaderButton(_("预览"), url=url, icon_name="view", attrs={"target": "_blank"}))
        return buttons


class QuizCopyView(QuizKeyGuard, CopyView):
    pass


class QuizViewSet(ModelViewSet):
    model = Quiz
    index_view_class = QuizIndexView
    edit_view_class = QuizEditView
    copy_view_class = QuizCopyView
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
