"""Registers certification with Wagtail and the project hooks: the 上岗认证 admin menu (``viewsets``), a
certificate's admin page with HR's revoke and reissue (``admin_urls``), the programs loader, new evidence
queuing certificate checks, the 上岗认证 panel on the person's pages (``panels``), the hall digest's section
(``digest``), the person's data (``privacy``) and the status colours in the admin."""

from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from wagtail import hooks

from evidence.services import RECORDED_HOOK
from lms.panels import PANELS
from lms.personal_data import PERSONAL_DATA
from notices.digest import DIGEST_HOOK
from people.profile import PROFILE_SECTIONS

from . import admin_urls, digest, panels, privacy
from .services import evidence_recorded
from .viewsets import CertificationGroup

hooks.register(RECORDED_HOOK, evidence_recorded)
hooks.register(PERSONAL_DATA, privacy.personal_data)
hooks.register(PANELS, panels.certification_panel)
hooks.register(PROFILE_SECTIONS, panels.certification_section)
hooks.register(DIGEST_HOOK, digest.hall_digest)


@hooks.register("insert_global_admin_css")
def status_colours():
    return format_html('<link rel="stylesheet" href="{}">', static("certification/admin.css"))


@hooks.register("peixun_curriculum_loaders")
def load_programs(stdout=None, force=False):
    from .curriculum import programs_load

    return programs_load(stdout=stdout, force=force)


@hooks.register("peixun_seed_demo", order=100)
def seed_demo(stdout=None):
    """After the curriculum (content's seed loads the programs)."""
    from .demo import seed_demo as run

    run(stdout=stdout)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return CertificationGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("certification/", include(admin_urls, namespace="certification_admin"))]
