"""The base of management commands whose output is for people: ``--language`` picks its language.

Django runs a command in the active language, which for ``manage.py`` is ``LANGUAGE_CODE`` (Chinese);
``--language en`` prints messages, errors and counts in English instead. ``call_command`` without the
option keeps the caller's active language.
"""

import contextlib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation


class LocalizedCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help=f"Language of the output (default: {settings.LANGUAGE_CODE}).",
        )
        return parser

    def execute(self, *args, **options):
        language = options.get("language")
        with translation.override(language) if language else contextlib.nullcontext():
            return super().execute(*args, **options)
