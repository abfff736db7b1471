"""The panels people adds to the landing page (registered in ``wagtail_hooks``)."""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.panels import LANDING, Panel

from . import roles
from .models import employed_between_q
from .selectors import halls_visible_to, staff_of_user


def profile_panel(request, *, page) -> Panel | None:
    if page != LANDING:
        return None
    me = staff_of_user(request.user)
    return Panel(_("我的档案"), "people/panel_profile.html", {"staff": me}, order=900) if me else None


def halls_panel(request, *, page) -> Panel | None:
    user = request.user
    if page != LANDING or not roles.is_organiser(user):
        return None
    today = timezone.localdate()
    active = employed_between_q(today, today, prefix="staff__")
    halls = halls_visible_to(user).select_related("branch").annotate(active_count=Count("staff", filter=active))
    title = _("全部营业厅") if roles.has_role(user, roles.HR) else _("我负责的营业厅")
    return Panel(
        title, "people/panel_halls.html", {"halls": halls, "can_import": user.has_perm("people.add_staff")}, order=500
    )
