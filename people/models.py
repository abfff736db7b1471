"""The organisation: branches (地市公司) hold halls (营业厅), halls hold staff."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from i18n import punctuation

from .identifiers import validate_identifier
from .leaves import LeaveKind
from .posts import Post


class Branch(models.Model):
    code = models.CharField(_("编码"), max_length=32, unique=True, validators=[validate_identifier])
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("地市公司")
        verbose_name_plural = _("地市公司")

    def __str__(self):
        return self.name


class Hall(models.Model):
    code = models.CharField(_("编码"), max_length=32, unique=True, validators=[validate_identifier])
    name = models.CharField(_("名称"), max_length=100)
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="halls", verbose_name=_("地市公司"))
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="trained_halls",
        verbose_name=_("负责培训师"),
        help_text=_("这些培训师可以查看本厅员工的培训情况。"),
    )

    class Meta:
        ordering = ["branch__code", "code"]
        verbose_name = _("营业厅")
        verbose_name_plural = _("营业厅")

    def __str__(self):
        return self.name


def employed_between_q(start: datetime.date, end: datetime.date, *, prefix: str = "") -> models.Q:
    """Return the condition "employed on at least one day of ``start``..``end``" (``prefix``: the path to
    the staff from another model, e.g. ``"staff__"``)."""
    return models.Q(**{f"{prefix}hired_on__lte": end}) & (
        models.Q(**{f"{prefix}left_on__isnull": True}) | models.Q(**{f"{prefix}left_on__gte": start})
    )


class StaffQuerySet(models.QuerySet):
    def employed_between(self, start: datetime.date, end: datetime.date):
        """Return staff employed on at least one day of ``start``..``end``."""
        return self.filter(employed_between_q(start, end))

    def employed_on(self, day: datetime.date):
        """Return staff hired on or before ``day`` whose last working day is not before it."""
        return self.employed_between(day, day)


class Staff(models.Model):
    """A person working in a hall. ``left_on`` is the last working day."""

    staff_no = models.CharField(_("工号"), max_length=32, unique=True, validators=[validate_identifier])
    name = models.CharField(_("姓名"), max_length=50)
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="staff", verbose_name=_("营业厅"))
    post = models.CharField(_("岗位"), max_length=20, choices=Post.choices)
    is_backbone = models.BooleanField(_("营业骨干"), default=False)
    hired_on = models.DateField(_("入职日期"))
    left_on = models.DateField(_("最后工作日"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("登录账号"),
    )

    objects = StaffQuerySet.as_manager()

    class Meta:
        ordering = ["hall__code", "staff_no"]
        verbose_name = _("员工")
        verbose_name_plural = _("员工")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("hired_on")),
                name="staff_left_not_before_hired",
            )
        ]

    def __str__(self):
        return punctuation.labelled(self.name, self.staff_no)

    def is_employed_on(self, day: datetime.date) -> bool:
        return self.hired_on <= day and (self.left_on is None or self.left_on >= day)


class Leave(models.Model):
    """A dated leave period of one person (first and last day of leave, inclusive)."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="leaves", verbose_name=_("员工"))
    kind = models.CharField(_("假别"), max_length=20, choices=LeaveKind.choices)
    start = models.DateField(_("首日"))
    end = models.DateField(_("末日"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        ordering = ["staff__staff_no", "start"]
        verbose_name = _("休假")
        verbose_name_plural = _("休假")
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="leave_ends_after_start"),
            models.UniqueConstraint(fields=["staff", "start"], name="leave_once_per_start"),
        ]

    def __str__(self):
        return f"{self.staff} {self.get_kind_display()} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"


class StaffChange(models.Model):
    """The facts of a person (hall, post, backbone) in force from ``effective_on`` until the next change.

    A person's first row holds from the hire date; ``Staff`` keeps the facts of the latest row, which
    everything but the rules reads. The rules read the whole history (training-policy.md, "Facts have
    history").
    """

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="changes", verbose_name=_("员工"))
    effective_on = models.DateField(_("生效日期"))
    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="+", verbose_name=_("营业厅"))
    post = models.CharField(_("岗位"), max_length=20, choices=Post.choices)
    is_backbone = models.BooleanField(_("营业骨干"), default=False)
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["staff__staff_no", "effective_on"]
        verbose_name = _("人员变动")
        verbose_name_plural = _("人员变动")
        constraints = [models.UniqueConstraint(fields=["staff", "effective_on"], name="staff_change_once_per_day")]

    def __str__(self):
        return f"{self.staff} {self.effective_on:%Y-%m-%d}"
