"""Training evidence: who received which training when. Every compliance rule reads only ``TrainingEvent``.

Courses, exams and training sessions write it (``evidence.services``); compliance reads and judges it;
records print it. Launches (新业务) live here too, as events name the launch they train for. The tables
keep their first names (``compliance_*``): the models moved here from compliance in issue 12.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from people.identifiers import validate_identifier
from people.models import Hall, Staff


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

    code = models.CharField(_("编码"), max_length=50, unique=True, validators=[validate_identifier])
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
        db_table = "compliance_launch"
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
        db_table = "compliance_trainingevent"
        ordering = ["occurred_at"]
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        constraints = [
            models.UniqueConstraint(fields=["staff", "source", "source_ref"], name="event_once_per_source"),
        ]
        indexes = [models.Index(fields=["occurred_at", "staff"], name="compliance__occurre_400445_idx")]

    def __str__(self):
        return f"{self.staff} {self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class LaunchAssignment(models.Model):
    """A person in scope of an announced launch, who must be trained by ``deadline``."""

    launch = models.ForeignKey(Launch, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("新业务"))
    staff = models.ForeignKey(
        Staff, on_delete=models.CASCADE, related_name="launch_assignments", verbose_name=_("员工")
    )
    assigned_at = models.DateTimeField(_("分配时间"))
    deadline = models.DateTimeField(_("截止时间"))

    class Meta:
        db_table = "compliance_launchassignment"
        ordering = ["deadline"]
        verbose_name = _("新业务培训任务")
        verbose_name_plural = _("新业务培训任务")
        constraints = [models.UniqueConstraint(fields=["launch", "staff"], name="launch_assignment_once")]
