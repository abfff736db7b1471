"""HR's list of locked logins in the Wagtail admin, with a 解锁 button for each (``people.lockouts``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from .lockouts import lockout_clear, lockouts_active

PERMISSION = "people.change_staff"
"""Who may unlock: HR (the holders of this permission)."""


@require_http_methods(["GET", "POST"])
def lockouts_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        attempt = request.POST.get("attempt", "")
        if attempt.isdigit() and lockout_clear(attempt_id=int(attempt)):
            messages.success(request, _("已解锁。"))
        else:
            messages.error(request, _("该账号已不在锁定中。"))
        return redirect("people_admin:lockouts")
    context = {"lockouts": lockouts_active(now=timezone.now())}
    return render(request, "people/admin/lockouts.html", context)
