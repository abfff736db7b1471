"""The base of management commands whose output is for people: ``--language`` picks its language.

Django runs a command in the active language, which for ``manage.py`` is ``LANGUAGE_CODE`` (Chinese);
``--language en`` prints messages, errors and counts in English instead. ``call_command`` without the
option keeps the caller's active language.
"""

import contextlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _


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

    def write_data(self, data: str | bytes, output: str | None) -> None:
        """Write a report (text, or XLSX bytes) to ``output`` or standard output (bytes need a file or a pipe)."""
        if output:
            mode = "wb" if isinstance(data, bytes) else "w"
            with open(output, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as fh:
                fh.write(data)
        elif isinstance(data, bytes):
            buffer = getattr(self.stdout._out, "buffer", None)
            if buffer is None:
                raise CommandError(_("XLSX 是二进制文件：请用 --output FILE 或把输出重定向到文件。"))
            buffer.write(data)
            buffer.flush()
        else:
            self.stdout.write(data, ending="")
