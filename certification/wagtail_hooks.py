"""Registers certification with Wagtail and the project hooks: new evidence queues certificate checks; a
certificate's admin page with HR's revoke and reissue (``admin_urls``)."""

from django.urls import include, path
from wagtail import hooks

from evidence.services import RECORDED_HOOK

from . import admin_urls
from .services import evidence_recorded

hooks.register(RECORDED_HOOK, evidence_recorded)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("certification/", include(admin_urls, namespace="certification_admin"))]
