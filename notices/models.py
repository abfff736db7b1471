"""In-site notices (通知), each also e-mailed by a Celery task that retries; the halls' group robots and
the log of what was sent to them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    # The e-mail's status: sent (``emailed_at``), failed after every retry (``email_error``), or neither
    # (no address, or still queued). Database defaults, as ``notices_send`` inserts rows in raw SQL.
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    email_error = models.CharField(_("邮件错误"), max_length=200, blank=True, default="", db_default="")

    class Meta:
        db_table = "compliance_notification"
        ordering = ["-created_at"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")]

    def __str__(self):
        return self.text


class RobotKind(models.TextChoices):
    WECOM = "wecom", _("企业微信群机器人")
    DINGTALK = "dingtalk", _("钉钉群机器人")


class HallRobot(models.Model):
    """A hall's group robot (one per kind): the hall's weekly digest is sent to it."""

    hall = models.ForeignKey("people.Hall", on_delete=models.CASCADE, related_name="robots", verbose_name=_("营业厅"))
    kind = models.CharField(_("类型"), max_length=20, choices=RobotKind.choices)
    webhook_url = models.CharField(_("Webhook 地址"), max_length=500)
    secret = models.CharField(
        _("加签密钥"), max_length=200, blank=True, help_text=_("钉钉机器人安全设置中的加签密钥（SEC 开头）。")
    )
    enabled = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("群机器人")
        verbose_name_plural = _("群机器人")
        constraints = [models.UniqueConstraint(fields=["hall", "kind"], name="robot_once_per_hall_and_kind")]

    def __str__(self):
        return f"{self.hall} · {self.get_kind_display()}"

    @property
    def masked_url(self) -> str:
        from .robots import mask

        return mask(self.webhook_url)

    def clean(self):
        from .channels import robot_config_errors

        errors = robot_config_errors(kind=self.kind, url=self.webhook_url, secret=self.secret)
        if errors:
            raise ValidationError(errors)


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RETRYING = "retrying", _("重试中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("失败")


class RobotDelivery(models.Model):
    """One message to one robot: its status, attempts and last error. Unique per robot and ``key``
    (``digest:2027-W10``): a week's digest is sent to a robot once, however often the tick runs."""

    robot = models.ForeignKey(
        HallRobot, on_delete=models.SET_NULL, null=True, related_name="deliveries", verbose_name=_("群机器人")
    )
    hall = models.ForeignKey("people.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("营业厅"))
    kind = models.CharField(_("类型"), max_length=20, choices=RobotKind.choices)
    key = models.CharField(_("消息编号"), max_length=100)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("内容"))
    status = models.CharField(_("状态"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("机器人消息")
        verbose_name_plural = _("机器人消息记录")
        constraints = [models.UniqueConstraint(fields=["robot", "key"], name="robot_message_once_per_key")]

    def __str__(self):
        return f"{self.title} → {self.get_kind_display()}"
