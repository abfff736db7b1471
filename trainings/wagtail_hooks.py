"""Registers the check-in panel this app adds to "我的培训" and its staff profile section (``panels``)."""

from wagtail import hooks

from lms.panels import PANELS
from lms.personal_data import PERSONAL_DATA
from people.profile import PROFILE_SECTIONS

from . import panels, privacy

hooks.register(PANELS, panels.check_in_panel)
hooks.register(PROFILE_SECTIONS, panels.sessions_section)

hooks.register(PERSONAL_DATA, privacy.personal_data)
