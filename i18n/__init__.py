"""Pure helpers for Chinese-language text that parsers, validators and file readers may import without
Django settings (importing the ``lms`` package would load the Celery app and settings)."""
