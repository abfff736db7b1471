"""The authentication backend's one-query loader of the user and their staff profile."""

import datetime

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from people import roles
from people.auth import StaffProfileBackend, user_with_staff
from people.selectors import staff_of_user
from tests.conftest import make_staff, make_user


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_loads_the_same_user_and_profile_as_the_orm(db, django_assert_num_queries):
    staff = make_staff(is_backbone=True, left_on=datetime.date(2030, 6, 30))
    User = get_user_model()
    User.objects.filter(pk=staff.user_id).update(last_login=timezone.now(), email="a@example.com")
    expected = User.objects.select_related("staff").get(pk=staff.user_id)
    with django_assert_num_queries(1):
        user = user_with_staff(staff.user_id)
        assert user.staff.staff_no == staff.staff_no and user.staff.user is user
    assert _fields(user) == _fields(expected)
    assert _fields(user.staff) == _fields(expected.staff)
    assert timezone.is_aware(user.last_login) and isinstance(user.staff.is_backbone, bool)
    assert user.staff.hired_on == datetime.date(2020, 1, 1) and user.staff.left_on == datetime.date(2030, 6, 30)
    assert not user._state.adding and user._state.db == "default"


def test_a_user_without_a_profile_is_known_to_have_none(db, django_assert_num_queries):
    hr = make_user("hr-person")
    with django_assert_num_queries(1):
        user = user_with_staff(hr.pk)
        assert staff_of_user(user) is None


def test_no_such_user_inactive_users_and_bad_ids_are_no_one(db):
    staff = make_staff()
    backend = StaffProfileBackend()
    assert backend.get_user(str(staff.user_id)).pk == staff.user_id
    assert backend.get_user(str(staff.user_id + 1000)) is None
    assert backend.get_user("not-a-number") is None
    get_user_model().objects.filter(pk=staff.user_id).update(is_active=False)
    assert backend.get_user(str(staff.user_id)) is None


def test_a_logged_in_session_still_works_and_a_password_change_ends_it(db):
    staff = make_staff()
    client = Client()
    client.force_login(staff.user)
    assert client.get("/exams/").status_code == 200
    staff.user.set_password("another-pw-for-tests-456")
    staff.user.save()
    assert client.get("/exams/").status_code == 302


def test_permissions_of_the_user_and_their_groups_load_in_one_query(db, django_assert_num_queries):
    from django.contrib.auth.models import Group, Permission

    user = make_user("perm-check", roles.TRAINER)
    user.user_permissions.add(Permission.objects.get(codename="add_staff"))
    group = Group.objects.get(name=roles.TRAINER)
    fresh = user_with_staff(user.pk)
    with django_assert_num_queries(1):
        perms = StaffProfileBackend().get_all_permissions(fresh)
        assert fresh.has_perm("wagtailadmin.access_admin") and fresh.has_perm("people.add_staff")
    expected = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} | {"people.add_staff"}
    assert perms == expected and not fresh.has_perm("people.delete_staff")
