"""Training sessions (培训记录) held by a trainer, and who attended them (sheet, check-in code or import).

Attending writes training evidence (``evidence.services.training_event_record``). The tables keep
their first names (``compliance_*``): the models moved here from compliance in issue 12.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string

from evidence.models import EventKind, Launch
from i18n import punctuation
from people.models import Hall, Staff

from . import when


class TrainingSession(models.Model):
    """A training held by a trainer at a time and place for some halls (the 培训记录 form)."""

    kind = models.CharField(_("类别"), max_length=20, choices=EventKind.choices, default=EventKind.WEEKLY)
    topic = models.CharField(_("主题"), max_length=200)
    module = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("课程")
    )
    quiz_ref = models.CharField(_("测验编号"), max_length=100, blank=True)
    launch = models.ForeignKey(
        Launch, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions", verbose_name=_("新业务")
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("培训师"),
    )
    trainer_name = models.CharField(_("培训师姓名"), max_length=100, blank=True, help_text=_("导入记录中的培训师。"))
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    halls = models.ManyToManyField(Hall, blank=True, related_name="training_sessions", verbose_name=_("营业厅"))
    invitees = models.ManyToManyField(Staff, blank=True, related_name="invited_sessions", verbose_name=_("受邀人员"))
    materials = models.ManyToManyField(
        get_document_model_string(), blank=True, related_name="+", verbose_name=_("培训材料")
    )
    notes = models.TextField(_("备注"), blank=True)
    checkin_code = models.CharField(_("签到码"), max_length=12, blank=True)
    import_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        db_table = "compliance_trainingsession"
        ordering = ["-starts_at"]
        verbose_name = _("培训场次")
        verbose_name_plural = _("培训场次")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self):
        return punctuation.labelled(self.topic, self.when_text)

    @property
    def all_day(self) -> bool:
        """Whether the session has no time of day (``trainings.when``: shown as 全天, never 00:00)."""
        return when.all_day(self.starts_at, self.ends_at)

    @property
    def when_text(self) -> str:
        """When it takes place, as people read it (``2026-03-10 全天``, ``2026-03-10 09:00–10:30``)."""
        return when.when_text(self.starts_at, self.ends_at)

    def is_running(self, at) -> bool:
        return self.starts_at <= at <= self.ends_at

    @property
    def source_ref(self) -> str:
        return f"session:{self.pk}"


class AttendanceMethod(models.TextChoices):
    SHEET = "sheet", _("签到表")
    CODE = "code", _("签到码")
    IMPORT = "import", _("导入")


class Attendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("培训场次")
    )
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("员工"))
    checked_in_at = models.DateTimeField(_("签到时间"))
    method = models.CharField(_("方式"), max_length=10, choices=AttendanceMethod.choices)
    score = models.DecimalField(_("考核成绩"), max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        db_table = "compliance_attendance"
        ordering = ["session", "staff__staff_no"]
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        constraints = [models.UniqueConstraint(fields=["session", "staff"], name="attendance_once_per_session")]

    def __str__(self):
        return f"{self.staff} @ {self.session}"
