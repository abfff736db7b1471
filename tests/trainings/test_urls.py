"""Sessions, check-in and notices moved apps but kept their addresses (bookmarks, notices already sent)."""

from django.urls import resolve, reverse

from notices import views as notice_views
from trainings import views as training_views


def test_the_old_addresses_are_served_by_the_new_apps():
    assert resolve("/compliance/sessions/").func is training_views.sessions
    assert resolve("/compliance/sessions/new/").func is training_views.session_new
    assert resolve("/compliance/sessions/7/sheet/").func is training_views.session_sheet
    assert resolve("/compliance/checkin/").func is training_views.check_in
    assert resolve("/compliance/notifications/read/").func is notice_views.notifications_read


def test_the_new_names_give_the_old_addresses():
    assert reverse("trainings:session_sheet", args=[7]) == "/compliance/sessions/7/sheet/"
    assert reverse("trainings:check_in") == "/compliance/checkin/"
    assert reverse("notices:read") == "/compliance/notifications/read/"
    assert reverse("compliance:my_training") == "/compliance/"
