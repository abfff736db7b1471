"""The HR-editable thresholds of the rules (``ComplianceSettings``).

The evidence the rules read lives in ``evidence``; sessions in ``trainings``; notices in ``notices``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .rules import Thresholds


@register_setting(icon="time")
class ComplianceSettings(BaseGenericSetting):
    """The thresholds of the rules, editable by HR (设置 → 培训合规)."""

    annual_required = models.PositiveSmallIntegerField(_("每年培训次数"), default=12)
    centralized_required = models.PositiveSmallIntegerField(_("其中集中培训次数"), default=4)
    onboarding_days = models.PositiveSmallIntegerField(_("入职安全教育期限（天）"), default=7)
    new_service_hours = models.PositiveSmallIntegerField(_("新业务培训期限（小时）"), default=48)

    panels = [
        FieldPanel("annual_required"),
        FieldPanel("centralized_required"),
        FieldPanel("onboarding_days"),
        FieldPanel("new_service_hours"),
    ]

    class Meta:
        verbose_name = _("培训合规")

    def thresholds(self) -> Thresholds:
        return Thresholds(
            annual_required=self.annual_required,
            centralized_required=self.centralized_required,
            onboarding_days=self.onboarding_days,
            new_service_hours=self.new_service_hours,
        )
