"""The project package as an app: it makes the folders the settings name when Django starts."""

from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Peixun"

    def ready(self):
        """Create ``var/`` and its sub-folders (database, static, filesystem broker) on start, not on import."""
        folders = [settings.VAR_DIR, settings.STATIC_ROOT]
        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
        folders += [options[k] for k in ("data_folder_in", "processed_folder", "control_folder") if k in options]
        for folder in folders:
            Path(folder).mkdir(parents=True, exist_ok=True)
