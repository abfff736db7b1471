"""Reads of the organisation, scoped to what a user may see.

Scoping rule (checked on the server for every view and export):
HR (and superusers) see everyone; a hall manager sees the staff of their own hall; a trainer sees the
staff of the halls they train; everybody sees their own profile.
"""

from django.db.models import Q, QuerySet

from . import roles
from .models import Hall, Staff


def staff_of_user(user) -> Staff | None:
    """Return the staff profile linked to ``user``, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.staff
    except Staff.DoesNotExist:
        return None


def halls_visible_to(user) -> QuerySet[Hall]:
    """Return the halls whose people ``user`` may see."""
    if roles.has_role(user, roles.HR):
        return Hall.objects.all()
    cond = Q(pk__in=[])
    me = staff_of_user(user)
    if me and roles.has_role(user, roles.HALL_MANAGER):
        cond |= Q(pk=me.hall_id)
    if roles.has_role(user, roles.TRAINER):
        cond |= Q(trainers=user)
    return Hall.objects.filter(pk__in=Hall.objects.filter(cond).values("pk"))


def staff_visible_to(user) -> QuerySet[Staff]:
    """Return the staff ``user`` may see: everyone (HR), their halls, or only themselves."""
    if not getattr(user, "is_authenticated", False):
        return Staff.objects.none()
    qs = Staff.objects.select_related("hall", "hall__branch")
    if roles.has_role(user, roles.HR):
        return qs
    return qs.filter(Q(user=user) | Q(hall__in=halls_visible_to(user)))


def hall_managers(hall_ids) -> QuerySet[Staff]:
    """Return the people with the hall-manager role in these halls, their user loaded (for notices)."""
    return Staff.objects.filter(hall_id__in=set(hall_ids), user__groups__name=roles.HALL_MANAGER).select_related("user")
