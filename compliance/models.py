"""Training evidence and what produces it. Every rule (R1–R5) reads only ``TrainingEvent`` rows.

Sessions (培训记录) with their attendance, launches (新业务) with their assignments, in-site
notifications, and the HR-editable thresholds (``ComplianceSettings``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.documents import get_document_model_string

from people.models import Hall, Staff

from .rules import Thresholds


class EventKind(models.TextChoices):
    WEEKLY = "weekly", _("周培训")
    PLAN = "plan", _("计划培训")
    CENTRALIZED = "centralized", _("集中培训")
    BACKBONE = "backbone", _("骨干培训")
    NEW_SERVICE = "new_service", _("新业务培训")
    ONBOARDING = "onboarding", _("入职安全保密教育")
    OTHER = "other", _("其他")


class EventSource(models.TextChoices):
    SESSION = "session", _("参加培训")
    QUIZ = "quiz", _("通过测验")
    MODULE = "module", _("完成课程")
    IMPORT = "import", _("导入")


class Launch(models.Model):
    """A newly launched service (新业务): everyone in scope must be trained within 48 hours."""

    code = models.CharField(_("编码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    announced_at = models.DateTimeField(_("发布时间"))
    halls = models.ManyToManyField(Hall, blank=True, verbose_name=_("适用营业厅"), help_text=_("留空表示全部营业厅。"))
    module = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("培训课程"),
    )
    quiz_ref = models.CharField(
        _("测验编号"), max_length=100, blank=True, help_text=_("考试应用中的测验标识；通过该测验计为新业务培训。")
    )

    class Meta:
        ordering = ["-announced_at"]
        verbose_name = _("新业务")
        verbose_name_plural = _("新业务")

    def __str__(self):
        return f"{self.code} {self.name}"


class TrainingEvent(models.Model):
    """One person received one piece of training at one time (attended, passed a quiz, finished a module).

    ``source_ref`` names what produced it (e.g. ``session:12``, ``attempt:40``); the unique constraint
    makes recording the same evidence twice a no-op, so a person listed twice in a session counts once.
    """

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="training_events", verbose_name=_("员工"))
    kind = models.CharField(_("类别"), max_length=20, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("时间"))
    source = models.CharField(_("来源"), max_length=20, choices=EventSource.choices)
    source_ref = models.CharField(_("来源编号"), max_length=100)
    topic = models.CharField(_("主题"), max_length=200, blank=True)
    launch = models.ForeignKey(
        Launch, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name=_("新业务")
    )
    score = models.DecimalField(_("成绩"), max_digits=6, decimal_places=2, null=True, blank=True)

    # Hundreds of thousands of rows whose links (staff, launch) nobody browses as "usages": keep them
    # out of Wagtail's reference index, which would add two queries to every save.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["occurred_at"]
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        constraints = [
            models.UniqueConstraint(fields=["staff", "source", "source_ref"], name="event_once_per_source"),
        ]
        indexes = [models.Index(fields=["occurred_at", "staff"])]

    def __str__(self):
        return f"{self.staff} {self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


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
        ordering = ["-starts_at"]
        verbose_name = _("培训场次")
        verbose_name_plural = _("培训场次")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.topic}（{self.starts_at:%Y-%m-%d %H:%M}）"

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
        ordering = ["session", "staff__staff_no"]
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        constraints = [models.UniqueConstraint(fields=["session", "staff"], name="attendance_once_per_session")]

    def __str__(self):
        return f"{self.staff} @ {self.session}"


class LaunchAssignment(models.Model):
    """A person in scope of an announced launch, who must be trained by ``deadline``."""

    launch = models.ForeignKey(Launch, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("新业务"))
    staff = models.ForeignKey(
        Staff, on_delete=models.CASCADE, related_name="launch_assignments", verbose_name=_("员工")
    )
    assigned_at = models.DateTimeField(_("分配时间"))
    deadline = models.DateTimeField(_("截止时间"))

    class Meta:
        ordering = ["deadline"]
        verbose_name = _("新业务培训任务")
        verbose_name_plural = _("新业务培训任务")
        constraints = [models.UniqueConstraint(fields=["launch", "staff"], name="launch_assignment_once")]


class Notification(models.Model):
    """An in-site notice; ``key`` makes sending the same notice twice a no-op."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("用户")
    )
    key = models.CharField(max_length=150)
    text = models.CharField(_("内容"), max_length=500)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")]

    def __str__(self):
        return self.text


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
