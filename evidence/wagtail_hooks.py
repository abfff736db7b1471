"""Registers evidence's part of a person's data download (``lms.personal_data``)."""

from wagtail import hooks

from lms.personal_data import PERSONAL_DATA

from . import privacy

hooks.register(PERSONAL_DATA, privacy.personal_data)
