"""Row scoping for the Wagtail admin: one mixin for every viewset whose rows belong to people.

A scoped viewset names ``scope(queryset, user) -> queryset`` (the apps build it from
``people.selectors.staff_visible_to`` / ``halls_visible_to``). Every view the viewset builds (index,
search, CSV/XLSX export, inspect, edit, copy, history, usage, delete) then works only on rows in scope:
others answer 404, and filters and forms offer only rows in scope. The model's permission policy answers
"no" for rows out of scope, so Wagtail's links, usage listings and ``AdminURLFinder`` skip them, and
``SCOPES`` lets the site history report (``lms.admin_history``) hide actions on rows out of scope.
"""

from collections.abc import Callable

from django.db.models import Model, QuerySet
from django.forms import ModelMultipleChoiceField
from django.http import Http404
from django.utils.functional import cached_property
from wagtail.admin.views.generic import IndexView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

Scope = Callable[[QuerySet, object], QuerySet]
SCOPES: dict[type[Model], Scope] = {}
"""The scope of each scoped model, filled as its viewset registers."""


def rows_in_scope(model: type[Model], user, queryset: QuerySet | None = None) -> QuerySet:
    """Return the rows of ``model`` (or of ``queryset``) that ``user`` may see in the admin."""
    queryset = model._default_manager.all() if queryset is None else queryset
    scope = SCOPES.get(model)
    return queryset if scope is None else scope(queryset, user)


def _in_scope(model, user, instance) -> bool:
    if instance is None or instance.pk is None:
        return True
    return rows_in_scope(model, user, model._default_manager.filter(pk=instance.pk)).exists()


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, and for one row also the row's scope."""

    def __init__(self, model, *, scope: Scope):
        super().__init__(model)
        self.scope = scope

    def user_has_permission_for_instance(self, user, action, instance):
        return super().user_has_permission_for_instance(user, action, instance) and _in_scope(
            self.model, user, instance
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return super().user_has_any_permission_for_instance(user, actions, instance) and _in_scope(
            self.model, user, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        return self.scope(super().instances_user_has_any_permission_for(user, actions), user)


def _narrow_choices(fields, user, *, multiple: bool):
    """Offer only rows in scope in the choice fields of scoped models."""
    for field in fields:
        queryset = getattr(field, "queryset", None)
        if queryset is None or queryset.model not in SCOPES:
            continue
        if multiple or not isinstance(field, ModelMultipleChoiceField):
            field.queryset = rows_in_scope(queryset.model, user, queryset)


class ScopedListingMixin:
    """Index, search and export list only rows in scope; the filters offer only rows in scope."""

    def get_base_queryset(self):
        return self.scope(super().get_base_queryset(), self.request.user)

    @cached_property
    def filters(self):
        filterset = super().filters
        if filterset:
            _narrow_choices(filterset.form.fields.values(), self.request.user, multiple=True)
        return filterset


class ScopedFormMixin:
    """Create, edit and copy forms offer only people (halls, …) in scope in their drop-downs.

    Multiple-choice fields keep every row: narrowing them would drop the rows out of scope on save."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        _narrow_choices(form.fields.values(), self.request.user, multiple=False)
        return form


class ScopedObjectMixin:
    """A view of one row answers 404 for a row out of scope."""

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not _in_scope(self.model, self.request.user, instance):
            raise Http404
        return instance


class ScopedViewSetMixin:
    """Put before ``ModelViewSet``; define ``scope(self, queryset, user)``."""

    def scope(self, queryset: QuerySet, user) -> QuerySet:
        raise NotImplementedError

    @cached_property
    def permission_policy(self):
        return ScopedPermissionPolicy(self.model, scope=self.scope)

    def on_register(self):
        SCOPES[self.model] = self.scope
        register_permission_policy(self.model, self.permission_policy, exact_class=True)
        super().on_register()

    def construct_view(self, view_class, **kwargs):
        bases = []
        if issubclass(view_class, IndexView):
            bases.append(ScopedListingMixin)
        if hasattr(view_class, "get_object"):
            bases.append(ScopedObjectMixin)
        if hasattr(view_class, "get_form"):
            bases.append(ScopedFormMixin)
        if bases:
            view_class = type(f"Scoped{view_class.__name__}", (*bases, view_class), {"scope": staticmethod(self.scope)})
        return super().construct_view(view_class, **kwargs)
