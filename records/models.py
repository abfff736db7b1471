"""Records: verifiable PDF documents, trainee appraisals and bulk export jobs."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from people.models import Branch, Hall, Staff


class DocumentKind(models.TextChoices):
    TRANSCRIPT = "transcript", _("员工培训档案")
    APPRAISAL = "appraisal", _("学员综合评定")
    HALL_REPORT = "hall_report", _("营业厅培训报告")
    SESSION_RECORD = "session_record", _("培训记录表")
    CERTIFICATE = "certificate", _("上岗证")


class VerifiedDocument(models.Model):
    """One rendered PDF. ``code`` is printed in it; ``sha256`` is of its final bytes, stored after rendering.

    ``content_hash`` is the hash of the document's input data (and templates): the same input for the same
    subject is served from the stored file instead of being rendered again. The file lives under ``settings.RECORDS_DIR``, never under MEDIA_ROOT.
    """

    code = models.CharField(_("验证码"), max_length=16, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    subject_key = models.CharField(_("对象"), max_length=200, db_index=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    staff = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("员工")
    )
    hall = models.ForeignKey(
        Hall, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("营业厅")
    )
    content_hash = models.CharField(_("内容摘要"), max_length=64)
    sha256 = models.CharField(_("文件摘要 SHA-256"), max_length=64, blank=True, db_index=True)
    size = models.PositiveIntegerField(_("大小"), default=0)
    summary = models.JSONField(_("公开摘要"), default=dict)
    path = models.CharField(_("存储路径"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("生成时间"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("已验证文档")
        verbose_name_plural = _("已验证文档")
        constraints = [
            models.UniqueConstraint(fields=["subject_key", "version"], name="document_version_once"),
        ]
        indexes = [models.Index(fields=["subject_key", "content_hash"])]

    def __str__(self):
        return f"{self.title} ({self.code})"

    @property
    def file_path(self):
        return settings.RECORDS_DIR / self.path


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class AppraisalStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SIGNED = "signed", _("已签署")


class Appraisal(ClusterableModel):
    """A trainee appraisal (学员综合评定). Once signed it is never changed: a revision is a new row of the
    same ``series`` with ``version + 1``."""

    series = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("学员"))
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("培训师")
    )
    period_start = models.DateField(_("实习开始"))
    period_end = models.DateField(_("实习结束"))
    sessions_planned = models.PositiveIntegerField(_("应参加培训次数"), default=0)
    sessions_attended = models.PositiveIntegerField(_("实际参加次数"), default=0)
    attendance_note = models.CharField(_("考勤说明"), max_length=300, blank=True)
    text = models.TextField(_("综合评定"))
    rating = models.CharField(_("评定等级"), max_length=20, choices=Rating.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=AppraisalStatus.choices, default=AppraisalStatus.DRAFT, editable=False
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("签署人"),
    )
    signed_at = models.DateTimeField(_("签署时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("学员综合评定")
        verbose_name_plural = _("学员综合评定")
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="appraisal_version_once"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="appraisal_period_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.staff} v{self.version}"

    @property
    def is_signed(self) -> bool:
        return self.status == AppraisalStatus.SIGNED


class SkillCategory(models.TextChoices):
    BUSINESS = "business", _("业务技能")
    SERVICE = "service", _("服务技能")


class AppraisalItem(models.Model):
    """One item of the internship training plan."""

    appraisal = ParentalKey(Appraisal, on_delete=models.CASCADE, related_name="items")
    sort_order = models.PositiveIntegerField(default=0, editable=False)
    item = models.CharField(_("实习项目"), max_length=200)
    category = models.CharField(_("类别"), max_length=20, choices=SkillCategory.choices)
    done = models.BooleanField(_("已完成"), default=False)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("实习项目")
        verbose_name_plural = _("实习项目")


class JobStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ExportJob(models.Model):
    """A bulk export of transcripts into one ZIP, rendered in chunks by Celery."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("地市公司"))
    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("营业厅"))
    year = models.PositiveIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    total = models.PositiveIntegerField(_("人数"), default=0)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The sweeper (``exports.export_jobs_sweep``) re-queues a job whose progress stopped, a few times.
    progress_at = models.DateTimeField(_("最近进展"), default=timezone.now)
    requeues = models.PositiveSmallIntegerField(_("重新排队次数"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("批量导出")
        verbose_name_plural = _("批量导出")

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)

    @property
    def folder(self):
        return settings.RECORDS_DIR / "exports" / str(self.pk)

    @property
    def zip_path(self):
        return settings.RECORDS_DIR / "exports" / f"{self.pk}.zip"

    @property
    def download_name(self) -> str:
        scope = self.hall.code if self.hall_id else self.branch.code if self.branch_id else "all"
        return f"transcripts_{scope}_{self.year}.zip"


class ExportChunk(models.Model):
    """A slice of an export job's people; ``done`` flips once, so a retried chunk never counts twice."""

    job = models.ForeignKey(ExportJob, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    staff_ids = models.JSONField()
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["job", "index"], name="export_chunk_once")]
