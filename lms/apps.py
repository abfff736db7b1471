"""The project package as an app: it makes the folders the settings name and sets the admin's empty choice."""

from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Peixun"

    def import_models(self):
        """Set the admin's empty choice before any app's models module builds an admin form (lms comes first)."""
        super().import_models()
        from .empty_choices import register

        register()

    def ready(self):
        """Create ``var/`` and its sub-folders (database, static, filesystem broker) on start, not on import."""
        folders = [settings.VAR_DIR, settings.STATIC_ROOT]
        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
        folders += [options[k] for k in ("data_folder_in", "processed_folder", "control_folder") if k in options]
        for folder in folders:
            Path(folder).mkdir(parents=True, exist_ok=True)
        from . import checks  # noqa: F401  (registers the system checks)
