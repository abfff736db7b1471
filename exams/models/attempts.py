"""Attempts and their answers.

An attempt belongs to the assignment it was started for, or to none (practice, no evidence). The
database enforces one open attempt per assignment (per person and quiz for practice) and numbers
attempts per assignment.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from people.models import Staff

from .bank import Question
from .quizzes import Quiz, QuizAssignment


class AttemptState(models.TextChoices):
    OPEN = "open", _("进行中")
    HANDED_IN = "handed_in", _("已交卷，评分中")
    FINISHED = "finished", _("已交卷")


class Attempt(models.Model):
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="quiz_attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    assignment = models.ForeignKey(
        QuizAssignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attempts",
        verbose_name=_("测验任务"),
        help_text=_("为哪项任务作答；为空表示练习，不计为培训记录。"),
    )
    number = models.PositiveSmallIntegerField(_("第几次"))
    state = models.CharField(_("状态"), max_length=10, choices=AttemptState.choices, default=AttemptState.OPEN)
    started_at = models.DateTimeField(_("开始时间"))
    deadline_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=2, null=True, blank=True)
    needs_grading = models.BooleanField(_("待人工评分"), default=False)
    layout = models.JSONField(
        _("题目与选项顺序"),
        default=list,
        help_text=_("[{q: 试题, c: 选项顺序, i: 排序项顺序, r: 匹配右项}]，开始时抽定。"),
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("答题记录")
        verbose_name_plural = _("答题记录")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=models.Q(state="open", assignment__isnull=False),
                name="one_open_attempt_per_assignment",
            ),
            models.UniqueConstraint(
                fields=["staff", "quiz"],
                condition=models.Q(state="open", assignment__isnull=True),
                name="one_open_practice_attempt_per_quiz",
            ),
            models.UniqueConstraint(
                fields=["assignment", "number"],
                condition=models.Q(assignment__isnull=False),
                name="attempt_number_unique_per_assignment",
            ),
            models.UniqueConstraint(
                fields=["staff", "quiz", "number"],
                condition=models.Q(assignment__isnull=True),
                name="practice_attempt_number_unique",
            ),
        ]
        indexes = [models.Index(fields=["state", "deadline_at"])]

    def __str__(self):
        return f"{self.quiz} #{self.number} {self.staff}"

    @property
    def is_open(self) -> bool:
        return self.state == AttemptState.OPEN

    def question_ids(self) -> list[int]:
        return [slot["q"] for slot in self.layout]


class Answer(models.Model):
    """One person's recorded response to one question in one attempt (saved as given)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    response = models.JSONField(_("作答"), null=True, blank=True)
    saved_at = models.DateTimeField(_("保存时间"))
    score = models.FloatField(_("得分比例"), null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("评语"), blank=True)

    class Meta:
        verbose_name = _("作答")
        verbose_name_plural = _("作答")
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question")]
