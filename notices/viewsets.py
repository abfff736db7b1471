"""The 群机器人 admin menu: each hall's robots (HR, and a hall manager for their hall) with a
发送测试消息 button, and the read-only log of the messages sent to them. Registered by ``wagtail_hooks``."""

from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button

from lms.admin_scope import ScopedPermissionPolicy, ScopedViewSetMixin
from people.selectors import halls_visible_to

from . import robots
from .models import HallRobot, RobotDelivery

KEEP = _("留空则保持不变。当前：%(current)s")


class RobotForm(WagtailAdminModelForm):
    """The address and the secret are never shown back: on edit, a blank field keeps the stored value."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("webhook_url", "secret"):
            self.fields[name].widget = forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})
        if self.instance.pk:
            self.fields["webhook_url"].required = False
            self.fields["webhook_url"].help_text = KEEP % {"current": robots.mask(self.instance.webhook_url)}
            if self.instance.secret:
                self.fields["secret"].help_text = KEEP % {"current": self.instance.secret[:5] + "…"}

    def _kept(self, name):
        value = self.cleaned_data.get(name, "").strip()
        return value or (getattr(self.instance, name) if self.instance.pk else "")

    def clean_webhook_url(self):
        return self._kept("webhook_url")

    def clean_secret(self):
        return self._kept("secret")


class RobotEditView(generic.EditView):
    @cached_property
    def header_buttons(self):
        url = reverse("notices_admin:robot_test", args=[self.object.pk])
        return [*super().header_buttons, Button(_("发送测试消息"), url=url, icon_name="mail")]


def _hall_scope(queryset, user):
    return queryset.filter(hall__in=halls_visible_to(user).values("pk"))


class HallRobotViewSet(ScopedViewSetMixin, ModelViewSet):
    model = HallRobot
    icon = "mail"
    menu_label = _("群机器人")
    edit_view_class = RobotEditView
    list_display = [
        "hall",
        "kind",
        Column("address", label=_("Webhook 地址"), accessor="masked_url"),
        BooleanColumn("enabled", label=_("启用")),
    ]
    list_filter = ["kind", "enabled"]
    search_fields = ["hall__name", "hall__code"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("hall"),
            FieldPanel("kind"),
            FieldPanel("webhook_url"),
            FieldPanel("secret"),
            FieldPanel("enabled"),
        ],
        base_form_class=RobotForm,
    )

    def scope(self, queryset, user):
        return _hall_scope(queryset, user)


class ReadOnlyPolicy(ScopedPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


class RobotDeliveryViewSet(ScopedViewSetMixin, ModelViewSet):
    """What was sent to the robots, with each message's status, attempts and last error: read-only."""

    model = RobotDelivery
    icon = "list-ul"
    menu_label = _("机器人消息记录")
    inspect_view_enabled = True
    list_display = ["title", "hall", "kind", "status", "attempts", "error", "created_at", "sent_at"]
    list_filter = ["status", "kind", "hall"]
    search_fields = ["title", "key"]
    search_backend_name = None
    form_fields = []

    def scope(self, queryset, user):
        return _hall_scope(queryset, user)

    @cached_property
    def permission_policy(self):
        return ReadOnlyPolicy(self.model, scope=self.scope)


class RobotsGroup(ModelViewSetGroup):
    menu_label = _("通知渠道")
    menu_icon = "mail"
    menu_order = 270
    items = (
        HallRobotViewSet("notices_robots", url_prefix="notices/robots"),
        RobotDeliveryViewSet("notices_deliveries", url_prefix="notices/deliveries"),
    )
