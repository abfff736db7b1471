"""The question bank: categories (a tree by path), questions and their choices.

Shaped like django-polls (Question → Choice); the answers of fill-in, ordering and matching questions
live in ``Question.data`` (accepted answers, items in the correct order, pairs and distractors).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.models import Orderable

from exams.labels import QuestionType, category_label

__all__ = ["Choice", "Question", "QuestionCategory", "QuestionType", "TaggedQuestion"]


class QuestionCategory(models.Model):
    """A node of the bank tree; ``path`` is the full slash-separated name (``etiquette/电话礼仪``).

    The first path segment of a module's bank is the module key (etiquette, grooming, complaint, security).
    """

    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("上级")
    )
    path = models.CharField(_("路径"), max_length=500, unique=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("题库分类")
        verbose_name_plural = _("题库分类")

    def __str__(self):
        return category_label(self.path)

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.path.split("/"))


class TaggedQuestion(TaggedItemBase):
    content_object = ParentalKey("exams.Question", on_delete=models.CASCADE, related_name="tagged_items")


class Question(ClusterableModel):
    category = models.ForeignKey(
        QuestionCategory, on_delete=models.PROTECT, related_name="questions", verbose_name=_("分类")
    )
    type = models.CharField(_("题型"), max_length=20, choices=QuestionType.choices)
    name = models.CharField(_("名称"), max_length=255, blank=True)
    text = models.TextField(_("题干"))
    difficulty = models.PositiveSmallIntegerField(
        _("难度"), default=2, choices=[(1, _("易")), (2, _("中")), (3, _("难"))]
    )
    tags = ClusterTaggableManager(through=TaggedQuestion, blank=True, verbose_name=_("标签"))
    explanation = models.TextField(_("解析"), blank=True, help_text=_("作答结束后在回顾中显示。"))
    source_key = models.CharField(_("来源编号"), max_length=100, null=True, blank=True, unique=True)
    penalty = models.FloatField(_("重做扣分"), default=0.0)
    case_sensitive = models.BooleanField(_("区分大小写"), default=False)
    grader_info = models.TextField(_("评分要点"), blank=True)
    retired = models.BooleanField(
        _("已停用"), default=False, help_text=_("停用的试题不再被测验随机抽取；已有的答题记录和统计保留。")
    )
    data = models.JSONField(
        _("答案数据"),
        default=dict,
        blank=True,
        help_text=_("判断题 answer；填空题 accepted；排序题 items；匹配题 pairs 与 distractors。"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category__path", "pk"]
        verbose_name = _("试题")
        verbose_name_plural = _("试题")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(difficulty__gte=1, difficulty__lte=3), name="question_difficulty_1_to_3"
            )
        ]

    def __str__(self):
        return self.name or self.text[:40]


class Choice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("试题"))
    text = models.TextField(_("选项"))
    fraction = models.FloatField(_("得分比例"), default=0.0, help_text=_("1 为全对；多选题错选可为负数（扣分）。"))
    feedback = models.TextField(_("反馈"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("选项")
        verbose_name_plural = _("选项")

    def __str__(self):
        return self.text[:40]
