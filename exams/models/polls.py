"""Feedback polls after a training, django-polls style: one vote per person (a database constraint)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from people.models import Staff


class Poll(ClusterableModel):
    question = models.CharField(_("问题"), max_length=255)
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("关联培训"),
    )
    allow_comment = models.BooleanField(_("允许填写意见"), default=True)
    is_open = models.BooleanField(_("开放投票"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("反馈问卷")
        verbose_name_plural = _("反馈问卷")

    def __str__(self):
        return self.question


class PollChoice(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("选项"), max_length=200)

    def __str__(self):
        return self.text


class Vote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    choice = models.ForeignKey(PollChoice, on_delete=models.CASCADE, related_name="votes")
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="poll_votes")
    comment = models.TextField(_("意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "staff"], name="one_vote_per_person")]
