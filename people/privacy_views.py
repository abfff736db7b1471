"""注销个人信息: HR erases a leaver after the retention period, from the staff page of the admin, after a
confirmation page (GET shows what will happen or why not yet; POST erases)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied

from . import roles
from .models import Staff
from .privacy import staff_erase, staff_erase_check


def staff_erase_view(request, pk):
    if not roles.has_role(request.user, roles.HR):
        return permission_denied(request, PermissionDenied())  # a 403, not Wagtail's redirect home
    staff = get_object_or_404(Staff.objects.select_related("hall", "user"), pk=pk)
    refusal = None
    try:
        staff_erase_check(staff=staff, today=timezone.localdate())
    except ValidationError as exc:
        refusal = " ".join(exc.messages)
    if request.method == "POST" and refusal is None:
        staff = staff_erase(staff_id=staff.pk, actor=request.user)
        messages.success(request, _("已注销个人信息：%(name)s。") % {"name": staff.name})
        return redirect("staff:inspect", staff.pk)
    return render(request, "people/admin/staff_erase.html", {"staff": staff, "refusal": refusal})
