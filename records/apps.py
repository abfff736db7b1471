from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("培训档案")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
