"""Registers the demo seed of the shipped curriculum (``demo``)."""

from wagtail import hooks

from .demo import seed_curriculum

hooks.register("peixun_seed_demo", seed_curriculum)
