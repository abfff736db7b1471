"""Registers the notices panel this app adds to "我的培训" (``panels``)."""

from wagtail import hooks

from lms.panels import PANELS
from lms.personal_data import PERSONAL_DATA

from . import panels, privacy

hooks.register(PANELS, panels.notifications_panel)

hooks.register(PERSONAL_DATA, privacy.personal_data)
