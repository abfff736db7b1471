"""Registers certification with Wagtail and the project hooks: the 上岗认证 admin menu (``viewsets``), the
programs loader, and new evidence queuing certificate checks."""

from wagtail import hooks

from evidence.services import RECORDED_HOOK
from lms.personal_data import PERSONAL_DATA

from . import privacy
from .services import evidence_recorded
from .viewsets import CertificationGroup

hooks.register(RECORDED_HOOK, evidence_recorded)
hooks.register(PERSONAL_DATA, privacy.personal_data)


@hooks.register("peixun_curriculum_loaders")
def load_programs(stdout=None, force=False):
    from .curriculum import programs_load

    return programs_load(stdout=stdout, force=force)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return CertificationGroup()
