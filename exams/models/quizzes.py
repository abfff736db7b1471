"""Quizzes (fixed questions and random draws from the bank) and the assignments that ask people to take them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from evidence.models import EventKind
from people.models import Hall, Staff
from people.posts import Post

from .bank import Question, QuestionCategory, QuestionType


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("最高分")
    LAST = "last", _("最后一次")
    FIRST = "first", _("第一次")
    AVERAGE = "average", _("平均分")


class ReviewOption(models.TextChoices):
    SCORE_ONLY = "score", _("只显示成绩")
    AFTER_CLOSE = "after_close", _("关闭后显示答案")
    FULL = "full", _("交卷后显示答案与解析")


class Layout(models.TextChoices):
    ONE_PER_PAGE = "one", _("每屏一题")
    ALL_ON_ONE_PAGE = "all", _("全部题目一页")


class Quiz(ClusterableModel):
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    source_key = models.CharField(_("来源编号"), max_length=100, null=True, blank=True, unique=True)
    module = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属课程模块"),
    )
    event_kind = models.CharField(_("通过后记为"), max_length=20, choices=EventKind.choices, default=EventKind.PLAN)
    shuffle_questions = models.BooleanField(_("题目乱序"), default=True)
    shuffle_choices = models.BooleanField(_("选项乱序"), default=True)
    time_limit_minutes = models.PositiveIntegerField(_("限时（分钟）"), null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(_("允许次数"), default=0, help_text=_("0 表示不限。"))
    pass_mark = models.DecimalField(_("及格分"), max_digits=5, decimal_places=2, default=60)
    grading_method = models.CharField(
        _("计分方式"), max_length=10, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    open_at = models.DateTimeField(_("开放时间"), null=True, blank=True)
    close_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    review = models.CharField(_("回顾"), max_length=12, choices=ReviewOption.choices, default=ReviewOption.FULL)
    layout = models.CharField(_("版式"), max_length=3, choices=Layout.choices, default=Layout.ONE_PER_PAGE)
    audience_posts = models.JSONField(
        _("适用岗位"), default=list, blank=True, help_text=_("岗位代码列表；留空表示全部岗位。")
    )
    audience_halls = models.ManyToManyField(
        Hall, blank=True, related_name="+", verbose_name=_("适用营业厅"), help_text=_("留空表示全部营业厅。")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("测验")
        verbose_name_plural = _("测验")

    def __str__(self):
        return self.title

    def post_labels(self) -> list[str]:
        labels = dict(Post.choices)
        return [str(labels.get(p, p)) for p in self.audience_posts]


class QuizSlot(Orderable):
    """One fixed question, or a random draw of ``count`` questions from a category (optionally one difficulty)."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("固定试题")
    )
    category = models.ForeignKey(
        QuestionCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("随机抽题分类"),
    )
    include_subcategories = models.BooleanField(_("含子分类"), default=True)
    difficulty = models.PositiveSmallIntegerField(
        _("难度"), null=True, blank=True, choices=[(1, _("易")), (2, _("中")), (3, _("难"))]
    )
    question_type = models.CharField(
        _("题型"), max_length=20, choices=QuestionType.choices, blank=True, help_text=_("留空表示任意题型。")
    )
    count = models.PositiveSmallIntegerField(_("抽题数"), default=1)

    class Meta(Orderable.Meta):
        verbose_name = _("题位")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__isnull=False) | models.Q(category__isnull=False),
                name="slot_question_or_category",
            )
        ]


class AssignmentKind(models.TextChoices):
    WEEKLY = "weekly", _("每周测验")
    BACKBONE = "backbone", _("骨干月度测验")
    LAUNCH = "launch", _("新业务测验")
    MANUAL = "manual", _("指派测验")


class QuizAssignment(models.Model):
    """Asks one person to pass one quiz by a due time, once per period: its own piece of work.

    Attempts started for it belong to it (``Attempt.assignment``); the quiz's attempt limit and grading
    method apply per assignment, and passing it records one training event (``assignment:<id>``).
    ``passed_at`` is the deciding attempt's time while the assignment's grade passes (kept by grading).
    """

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="quiz_assignments")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="assignments")
    due_at = models.DateTimeField(_("截止时间"))
    period_key = models.CharField(_("周期"), max_length=32, default="", blank=True)
    kind = models.CharField(_("类型"), max_length=10, choices=AssignmentKind.choices, default=AssignmentKind.MANUAL)
    passed_at = models.DateTimeField(_("通过时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("测验任务")
        verbose_name_plural = _("测验任务")
        constraints = [
            models.UniqueConstraint(fields=["staff", "quiz", "period_key"], name="assignment_once_per_period")
        ]
        indexes = [models.Index(fields=["due_at", "passed_at"])]

    def __str__(self):
        return f"{self.quiz} · {self.staff} · {self.period_key or self.get_kind_display()}"

    @property
    def source_ref(self) -> str:
        """The training event's ``source_ref`` when this assignment is passed."""
        return f"assignment:{self.pk}"
