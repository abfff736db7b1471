"""Staff in the admin: editing hall, post or backbone records a change from its effective day; history is shown."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from people.models import Leave, Staff, StaffChange
from tests.conftest import make_hall

D = datetime.date


def values(staff, **changes):
    data = {
        "staff_no": staff.staff_no,
        "name": staff.name,
        "hall": staff.hall_id,
        "post": staff.post,
        "is_backbone": "on" if staff.is_backbone else "",
        "hired_on": staff.hired_on.isoformat(),
        "left_on": "",
        "user": staff.user_id or "",
        "effective_on": "",
    } | changes
    return {k: v for k, v in data.items() if v != ""}


def history(staff):
    return list(staff.changes.order_by("effective_on").values_list("effective_on", "hall__code", "post", "is_backbone"))


@pytest.mark.django_db
def test_editing_backbone_records_a_change_effective_today(client, org):
    a1 = org["staff_a1"]
    client.force_login(org["hr"])
    response = client.post(reverse("staff:edit", args=[a1.pk]), values(a1, is_backbone="on"))
    assert response.status_code == 302
    assert history(a1) == [(D(2020, 1, 1), "HA", "counter", False), (timezone.localdate(), "HA", "counter", True)]
    assert Staff.objects.get(pk=a1.pk).is_backbone is True


@pytest.mark.django_db
def test_a_backdated_edit_holds_until_the_later_change_and_staff_keeps_the_latest(client, org):
    a1 = org["staff_a1"]
    client.force_login(org["hr"])
    client.post(reverse("staff:edit", args=[a1.pk]), values(a1, is_backbone="on", effective_on="2026-07-01"))
    a1.refresh_from_db()
    new_hall = make_hall(code="HN")
    client.post(reverse("staff:edit", args=[a1.pk]), values(a1, hall=new_hall.pk, effective_on="2026-03-01"))
    assert history(a1) == [
        (D(2020, 1, 1), "HA", "counter", False),
        (D(2026, 3, 1), "HN", "counter", True),
        (D(2026, 7, 1), "HA", "counter", True),
    ]
    a1.refresh_from_db()
    assert (a1.hall.code, a1.is_backbone) == ("HA", True)


@pytest.mark.django_db
def test_an_edit_without_a_change_of_facts_records_nothing(client, org):
    a1 = org["staff_a1"]
    client.force_login(org["hr"])
    response = client.post(reverse("staff:edit", args=[a1.pk]), values(a1, name="新名字"))
    assert response.status_code == 302
    assert Staff.objects.get(pk=a1.pk).name == "新名字" and not StaffChange.objects.exists()


@pytest.mark.django_db
def test_an_effective_day_in_the_future_or_before_hire_is_refused(client, org):
    a1 = org["staff_a1"]
    client.force_login(org["hr"])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    page = client.post(reverse("staff:edit", args=[a1.pk]), values(a1, is_backbone="on", effective_on=tomorrow))
    assert "生效日期不能晚于今天" in page.content.decode()
    page = client.post(reverse("staff:edit", args=[a1.pk]), values(a1, is_backbone="on", effective_on="2019-01-01"))
    assert "生效日期不能早于入职日期" in page.content.decode()
    assert not StaffChange.objects.exists() and not Staff.objects.get(pk=a1.pk).is_backbone


@pytest.mark.django_db
def test_creating_a_person_records_their_first_facts_at_the_hire_date(client, org):
    client.force_login(org["hr"])
    data = {"staff_no": "N1", "name": "新人", "hall": org["hall_b"].pk, "post": "greeter", "hired_on": "2026-11-02"}
    assert client.post(reverse("staff:add"), data).status_code == 302
    assert history(Staff.objects.get(staff_no="N1")) == [(D(2026, 11, 2), "HB", "greeter", False)]


@pytest.mark.django_db
def test_history_and_leave_are_shown_and_reachable_from_the_list_and_the_edit_page(client, org):
    a1 = org["staff_a1"]
    client.force_login(org["hr"])
    client.post(reverse("staff:edit", args=[a1.pk]), values(a1, post="auditor", effective_on="2026-04-01"))
    Leave.objects.create(staff=a1, kind="marriage", start=D(2026, 5, 4), end=D(2026, 5, 12), note="婚礼")
    inspect = reverse("staff:inspect", args=[a1.pk])
    assert inspect in client.get(reverse("staff:index")).content.decode()
    assert inspect in client.get(reverse("staff:edit", args=[a1.pk])).content.decode()
    page = client.get(inspect).content.decode()
    assert "2026-04-01" in page and "稽核" in page and "2020-01-01" in page
    assert "婚假" in page and "2026-05-12" in page and "婚礼" in page
    fields = re.sub(r"\s+", "", page)
    assert "<dt>营业骨干</dt><dd>否</dd>" in fields and "<dt>最后工作日</dt><dd>—</dd>" in fields
    assert "营业骨干" in client.get(reverse("staff:index")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["trainer", "manager_a"])
def test_other_roles_cannot_see_history_or_edit_staff(client, org, who):
    a1 = org["staff_a1"]
    client.force_login(org[who] if who == "trainer" else org[who].user)
    assert client.get(reverse("staff:inspect", args=[a1.pk])).status_code in (302, 403)
    response = client.post(reverse("staff:edit", args=[a1.pk]), values(a1, is_backbone="on"))
    assert response.status_code in (302, 403)
    assert not StaffChange.objects.exists() and not Staff.objects.get(pk=a1.pk).is_backbone


@pytest.mark.django_db
def test_the_staff_list_takes_queries_that_do_not_grow_with_people(client, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import make_staff

    client.force_login(org["hr"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("staff:index")).status_code == 200
        return len(queries)

    few = count()
    for _ in range(10):
        make_staff(make_hall())
    assert count() == few


@pytest.mark.django_db
def test_the_staff_import_preview_shows_a_change_with_its_effective_day(client, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(org["hr"])
    csv = (
        "staff_no,name,branch,hall_code,hall_name,post,is_backbone,hired_on,left_on,effective_on\n"
        f"A1,{org['staff_a1'].name},{org['hall_a'].branch.code},HA,甲营业厅,综合受理,是,2020-01-01,,2026-09-01\n"
    )
    response = client.post(reverse("people_admin:import"), {"file": SimpleUploadedFile("s.csv", csv.encode())})
    page = response.content.decode()
    assert "自 2026-09-01 起" in page and "营业骨干: 否 → 是" in page
    assert not StaffChange.objects.exists()
    client.post(reverse("people_admin:import"), {"confirm": "1", "token": response.context["token"]})
    assert history(org["staff_a1"])[-1] == (D(2026, 9, 1), "HA", "counter", True)
