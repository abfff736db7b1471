"""Front-end action of notices: mark all of one's notices read (from the "通知" section of 我的培训)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .services import notifications_mark_read


@login_required
@require_POST
def notifications_read(request):
    notifications_mark_read(user=request.user)
    return redirect("home:my_training")
