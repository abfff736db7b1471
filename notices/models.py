"""In-site notices (通知), each also e-mailed to a user with an address by a Celery task that retries."""

from django.conf import settings
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
