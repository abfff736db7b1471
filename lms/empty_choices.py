"""The empty choice of the admin's selects: 请选择 instead of Django's "---------".

Filters say 全部 through django-filter's ``FILTERS_EMPTY_CHOICE_LABEL`` (settings). Model forms get 请选择
three ways, since Wagtail builds them three ways: Wagtail's form field overrides (forms built from panels),
``EmptyChoiceMixin`` (a ``ModelViewSet`` with ``form_fields``) and ``formfield_callback`` in the ``Meta``
of the project's own model forms.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

EMPTY_CHOICE = _("请选择")


def empty_choice_kwargs(db_field) -> dict:
    """Form field arguments that put 请选择 where Django would put "---------"."""
    if isinstance(db_field, models.ForeignKey):
        return {"empty_label": EMPTY_CHOICE}
    if not db_field.choices:
        return {}
    include_blank = db_field.blank or not db_field.has_default()
    return {"choices": db_field.get_choices(include_blank=include_blank, blank_choice=[("", EMPTY_CHOICE)])}


def formfield_for_dbfield(db_field, **kwargs):
    """A model form's ``formfield_callback``: Django's form field with 请选择 as its empty choice."""
    return db_field.formfield(**(empty_choice_kwargs(db_field) | kwargs))


class EmptyChoiceMixin:
    """For a ``ModelViewSet`` whose form is built from ``form_fields``."""

    def formfield_for_dbfield(self, db_field, **kwargs):
        return formfield_for_dbfield(db_field, **kwargs)


def register():
    """Add 请选择 to Wagtail's form field overrides: fields with choices, foreign keys without a chooser."""
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(models.Field, override=lambda db_field: empty_choice_kwargs(db_field))
    register_form_field_override(models.ForeignKey, to=models.Model, override={"empty_label": EMPTY_CHOICE})
