"""Certification programs (认证项目), the certificates they issue (上岗证) and practical assessments (实操考核).

Nothing is overwritten: a renewal or a reissue is a new certificate that names the one it ``replaces``;
a revocation only fills the revoke fields. The rules that read these rows are in ``status.py``.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import PostListField
from people.models import Staff
from people.posts import Post

from . import status

CODE_VALIDATOR = RegexValidator(r"^[A-Za-z0-9_-]+$", _("编码只能包含字母、数字、“-”和“_”。"))


class Program(models.Model):
    """A certification required for some posts (or all), earned by its modules, exam and practical."""

    code = models.CharField(_("编码"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    posts = PostListField(_("适用岗位"), default=list, blank=True, help_text=_("不选表示全部岗位。"))
    modules = models.ManyToManyField("courses.ModulePage", blank=True, related_name="+", verbose_name=_("必修课程"))
    exam = models.ForeignKey(
        "exams.Quiz",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("认证考试"),
        help_text=_("考试的允许次数与及格分在测验中设置。"),
    )
    practical_required = models.BooleanField(_("需要实操考核"), default=False)
    practical_description = models.TextField(_("实操考核说明"), blank=True)
    validity_months = models.PositiveSmallIntegerField(_("有效期（月）"), default=24)
    window_days = models.PositiveSmallIntegerField(_("复审窗口（天）"), default=60)
    grace_days = models.PositiveSmallIntegerField(_("新上岗宽限（天）"), default=30)
    requirements_changed_on = models.DateField(
        _("课程要求变更日期"), null=True, blank=True, help_text=_("此日期之后复审的人须重新完成必修课程。")
    )
    active = models.BooleanField(_("启用"), default=True)
    source_key = models.CharField(_("来源编号"), max_length=100, blank=True, default="")

    class Meta:
        ordering = ["code"]
        verbose_name = _("认证项目")
        verbose_name_plural = _("认证项目")
        constraints = [
            models.CheckConstraint(condition=models.Q(validity_months__gte=1), name="program_validity_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def terms(self) -> status.Terms:
        return status.Terms(
            code=self.code,
            posts=frozenset(self.posts or ()),
            validity_months=self.validity_months,
            window_days=self.window_days,
            grace_days=self.grace_days,
        )

    def post_labels(self) -> list[str]:
        labels = dict(Post.choices)
        return [str(labels.get(p, p)) for p in self.posts or ()]


class CertificateSource(models.TextChoices):
    EARNED = "earned", _("考核取得")
    RENEWED = "renewed", _("复审换证")
    IMPORTED = "imported", _("导入")
    REISSUED = "reissued", _("补发")


class Certificate(models.Model):
    """A 上岗证: one person, one program, valid from ``issued_on`` through ``expires_on``.

    ``evidence`` says what earned it (module events, exam assignment, practical assessment, with times).
    """

    number = models.CharField(_("证书编号"), max_length=40, unique=True)
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("认证项目")
    )
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("员工"))
    issued_on = models.DateField(_("发证日期"))
    expires_on = models.DateField(_("有效期至"))
    source = models.CharField(_("来源"), max_length=10, choices=CertificateSource.choices)
    evidence = models.JSONField(_("取得依据"), default=dict, blank=True)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("替代证书")
    )
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("吊销人"),
    )
    revoke_reason = models.CharField(_("吊销原因"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("上岗证")
        verbose_name_plural = _("上岗证")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gte=models.F("issued_on")), name="certificate_expires_after_issue"
            ),
            models.UniqueConstraint(
                fields=["program", "staff", "issued_on", "source"],
                condition=models.Q(revoked_at__isnull=True),
                name="certificate_once_per_day",
            ),
        ]
        indexes = [models.Index(fields=["staff", "program"], name="certificate_staff_program")]

    def __str__(self):
        return f"{self.number} {self.staff}"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def held(self) -> status.Held:
        return status.Held(self.number, self.issued_on, self.expires_on, self.revoked)


class PracticalAssessment(models.Model):
    """A trainer's sign-off (passed or failed) of one person's practical assessment for a program."""

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="practical_assessments", verbose_name=_("认证项目")
    )
    staff = models.ForeignKey(
        Staff, on_delete=models.CASCADE, related_name="practical_assessments", verbose_name=_("员工")
    )
    assessed_on = models.DateField(_("考核日期"))
    passed = models.BooleanField(_("通过"))
    note = models.CharField(_("备注"), max_length=500, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("考核人")
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        verbose_name = _("实操考核")
        verbose_name_plural = _("实操考核")

    def __str__(self):
        return f"{self.program.code} {self.staff} {self.assessed_on:%Y-%m-%d}"
