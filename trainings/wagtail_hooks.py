"""Registers the check-in panel this app adds to "我的培训" (``panels``)."""

from wagtail import hooks

from lms.panels import PANELS
from lms.personal_data import PERSONAL_DATA

from . import panels, privacy

hooks.register(PANELS, panels.check_in_panel)

hooks.register(PERSONAL_DATA, privacy.personal_data)
