"""Registers the notices panel this app adds to "我的培训" (``panels``), the person's data, and the
群机器人 admin menu (``viewsets``) with its test-message page (``admin_urls``)."""

from django.urls import include, path
from wagtail import hooks

from lms.panels import PANELS
from lms.personal_data import PERSONAL_DATA

from . import admin_urls, panels, privacy
from .viewsets import RobotsGroup

hooks.register(PANELS, panels.notifications_panel)

hooks.register(PERSONAL_DATA, privacy.personal_data)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return RobotsGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("notices/", include(admin_urls, namespace="notices_admin"))]
