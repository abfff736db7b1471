from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("组织与人员")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed

        from .audit import groups_changed

        m2m_changed.connect(groups_changed, sender=get_user_model().groups.through, dispatch_uid="people_audit_roles")
