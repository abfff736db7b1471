"""Registers certification with Wagtail and the project hooks: the 上岗认证 admin menu (``viewsets``), a
certificate's admin page with HR's revoke and reissue (``admin_urls``), the programs loader, and new
evidence queuing certificate checks."""

from django.urls import include, path
from wagtail import hooks

from evidence.services import RECORDED_HOOK

from . import admin_urls
from .services import evidence_recorded
from .viewsets import CertificationGroup

hooks.register(RECORDED_HOOK, evidence_recorded)


@hooks.register("peixun_curriculum_loaders")
def load_programs(stdout=None, force=False):
    from .curriculum import programs_load

    return programs_load(stdout=stdout, force=force)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return CertificationGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("certification/", include(admin_urls, namespace="certification_admin"))]
