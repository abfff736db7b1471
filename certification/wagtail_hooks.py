"""Registers certification with Wagtail and the project hooks: new evidence queues certificate checks."""

from wagtail import hooks

from evidence.services import RECORDED_HOOK

from .services import evidence_recorded

hooks.register(RECORDED_HOOK, evidence_recorded)


@hooks.register("peixun_curriculum_loaders")
def load_programs(stdout=None, force=False):
    from .curriculum import programs_load

    return programs_load(stdout=stdout, force=force)
