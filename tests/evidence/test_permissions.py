"""The role groups keep their rights on the models that moved to evidence, trainings and notices."""

import pytest

from people import roles

from ..conftest import make_user

pytestmark = pytest.mark.django_db


def test_hr_keeps_its_permissions_on_the_moved_models():
    hr = make_user("hr-perms", roles.HR)
    for perm in (
        "evidence.view_trainingevent",
        "evidence.add_launch",
        "evidence.change_launch",
        "trainings.add_trainingsession",
        "trainings.change_trainingsession",
        "trainings.view_attendance",
        "compliance.change_compliancesettings",
    ):
        assert hr.has_perm(perm), perm
    assert not hr.has_perm("compliance.view_trainingevent")  # no grant is left on the old label


def test_trainers_still_see_launches():
    assert make_user("trainer-perms", roles.TRAINER).has_perm("evidence.view_launch")


def test_hr_opens_the_events_and_sessions_in_the_admin(client):
    client.force_login(make_user("hr-admin", roles.HR))
    for url in ("/admin/compliance/events/", "/admin/compliance/sessions/", "/admin/compliance/launches/"):
        assert client.get(url).status_code == 200, url
