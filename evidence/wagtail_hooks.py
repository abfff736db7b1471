"""Registers evidence's part of a person's data download (``lms.personal_data``) and its staff profile
section (``panels``)."""

from wagtail import hooks

from lms.personal_data import PERSONAL_DATA
from people.profile import PROFILE_SECTIONS

from . import panels, privacy

hooks.register(PERSONAL_DATA, privacy.personal_data)
hooks.register(PROFILE_SECTIONS, panels.events_section)
