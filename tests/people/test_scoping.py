"""Who sees whom: staff only themselves, managers their hall, trainers the halls they train, HR all.
Guessing another person's URL gives 404 (no existence leak)."""

import pytest
from django.urls import reverse

from people.selectors import staff_visible_to


def nos(user):
    return sorted(staff_visible_to(user).values_list("staff_no", flat=True))


@pytest.mark.django_db
def test_staff_member_sees_only_themselves(org):
    assert nos(org["staff_a1"].user) == ["A1"]


@pytest.mark.django_db
def test_hall_manager_sees_their_hall_only(org):
    assert nos(org["manager_a"].user) == ["A1", "A2", "MA"]


@pytest.mark.django_db
def test_trainer_sees_the_halls_they_train(org):
    assert nos(org["trainer"]) == ["A1", "A2", "MA"]


@pytest.mark.django_db
def test_hr_sees_everyone(org):
    assert nos(org["hr"]) == ["A1", "A2", "B1", "MA", "MB"]


@pytest.mark.django_db
def test_anonymous_sees_nobody(org):
    from django.contrib.auth.models import AnonymousUser

    assert nos(AnonymousUser()) == []


@pytest.mark.django_db
def test_staff_guessing_a_colleagues_url_gets_404(client, org):
    client.force_login(org["staff_a1"].user)
    assert client.get(reverse("people:staff_detail", args=["A1"])).status_code == 200
    assert client.get(reverse("people:staff_detail", args=["A2"])).status_code == 404
    assert client.get(reverse("people:hall_detail", args=["HA"])).status_code == 404


@pytest.mark.django_db
def test_manager_cannot_open_another_halls_people(client, org):
    client.force_login(org["manager_a"].user)
    assert client.get(reverse("people:staff_detail", args=["A2"])).status_code == 200
    assert client.get(reverse("people:hall_detail", args=["HA"])).status_code == 200
    assert client.get(reverse("people:staff_detail", args=["B1"])).status_code == 404
    assert client.get(reverse("people:hall_detail", args=["HB"])).status_code == 404


@pytest.mark.django_db
def test_hr_opens_any_hall(client, org):
    client.force_login(org["hr"])
    response = client.get(reverse("people:hall_detail", args=["HB"]))
    assert response.status_code == 200
    assert "B1" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, org):
    response = client.get(reverse("people:staff_detail", args=["A1"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_only_hr_reaches_the_admin_staff_listing(client, org):
    client.force_login(org["manager_a"].user)
    assert client.get("/admin/people/staff/").status_code in (302, 403)
    client.force_login(org["hr"])
    response = client.get("/admin/people/staff/")
    assert response.status_code == 200 and "B1" in response.content.decode()
