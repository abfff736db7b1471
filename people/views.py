"""Front-end pages about people, scoped by ``selectors`` (a guessed URL gives 404, not data)."""

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .privacy import personal_data_zip
from .profile import profile_sections
from .selectors import halls_visible_to, staff_of_user, staff_visible_to


@login_required
def staff_detail(request, staff_no):
    """A person's profile: their facts, then the sections the other apps add (``people.profile``)."""
    staff = get_object_or_404(staff_visible_to(request.user), staff_no=staff_no)
    context = {"staff": staff, "sections": profile_sections(request, staff=staff)}
    return render(request, "people/staff_detail.html", context)


@login_required
def hall_detail(request, code):
    hall = get_object_or_404(halls_visible_to(request.user).select_related("branch"), code=code)
    members = hall.staff.order_by(F("left_on").asc(nulls_first=True), "staff_no")
    return render(request, "people/hall_detail.html", {"hall": hall, "members": members})


@login_required
def my_data(request):
    """Download everything held about oneself (PIPL); only one's own profile, no parameter to change."""
    me = staff_of_user(request.user)
    if me is None:
        raise Http404
    response = HttpResponse(personal_data_zip(staff=me, actor=request.user), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="my-data-{timezone.localdate():%Y%m%d}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
