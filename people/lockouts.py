"""Locked logins (django-axes): the page a locked person sees, which logins are locked, and HR's unlock.

Axes counts failed logins per user name and address and refuses the pair for ``AXES_COOLOFF_TIME`` after
``AXES_FAILURE_LIMIT`` failures (settings); these functions only read and clear its rows.
"""

import datetime

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form while the pair is locked (``AXES_LOCKOUT_CALLABLE``)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": round(settings.AXES_COOLOFF_TIME.total_seconds() / 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)


def lockouts_active(*, now: datetime.datetime) -> QuerySet[AccessAttempt]:
    """Return the user-and-address pairs locked at ``now``, the latest first."""
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gt=now - settings.AXES_COOLOFF_TIME,
    ).order_by("-attempt_time")


def lockout_clear(*, attempt_id: int) -> int:
    """Unlock one locked pair (its failures are forgotten); return how many rows were removed."""
    attempt = AccessAttempt.objects.filter(pk=attempt_id).first()
    if attempt is None:
        return 0
    return reset(ip=attempt.ip_address, username=attempt.username)
