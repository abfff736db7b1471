"""Registers the check-in panel this app adds to "我的培训" (``panels``)."""

from wagtail import hooks

from lms.panels import PANELS

from . import panels

hooks.register(PANELS, panels.check_in_panel)
