"""Leave in the admin for HR: list with filters and search, add/edit/delete with validation, the leave upload."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people.models import Leave

D = datetime.date
CSV = "staff_no,kind,start,end\nA1,产假,2026-03-02,2026-06-07\nB1,病假,2026-01-05,2026-01-09\n"


@pytest.fixture
def leave(org):
    return Leave.objects.create(staff=org["staff_a1"], kind="sick", start=D(2026, 5, 4), end=D(2026, 5, 8))


def form(staff_no, start, end, kind="sick", note=""):
    return {"staff": staff_no, "kind": kind, "start": start, "end": end, "note": note}


@pytest.mark.django_db
def test_hr_lists_leave_with_filters_and_search(client, org, leave):
    Leave.objects.create(staff=org["staff_b1"], kind="maternity", start=D(2026, 2, 2), end=D(2026, 5, 31))
    client.force_login(org["hr"])
    page = client.get(reverse("leave:index")).content.decode()
    assert "A1" in page and "B1" in page
    by_hall = client.get(reverse("leave:index"), {"hall": org["hall_b"].pk}).content.decode()
    assert "B1" in by_hall and "员工" in by_hall and str(org["staff_a1"]) not in by_hall
    by_kind = client.get(reverse("leave:index"), {"kind": "sick"}).content.decode()
    assert str(org["staff_a1"]) in by_kind and str(org["staff_b1"]) not in by_kind
    on_day = client.get(reverse("leave:index"), {"on": "2026-05-20"}).content.decode()
    assert str(org["staff_b1"]) in on_day and str(org["staff_a1"]) not in on_day
    found = client.get(reverse("leave:index"), {"q": "A1"}).content.decode()
    assert str(org["staff_a1"]) in found and str(org["staff_b1"]) not in found


@pytest.mark.django_db
def test_hr_adds_edits_and_deletes_leave_by_staff_number(client, org):
    client.force_login(org["hr"])
    response = client.post(reverse("leave:add"), form("A1", "2026-03-02", "2026-03-06", kind="personal"))
    assert response.status_code == 302
    leave = Leave.objects.get()
    assert (leave.staff, leave.kind, leave.end) == (org["staff_a1"], "personal", D(2026, 3, 6))
    edit = client.get(reverse("leave:edit", args=[leave.pk])).content.decode()
    assert 'value="A1"' in edit
    client.post(reverse("leave:edit", args=[leave.pk]), form("A1", "2026-03-02", "2026-03-10", kind="personal"))
    assert Leave.objects.get().end == D(2026, 3, 10)
    client.post(reverse("leave:delete", args=[leave.pk]))
    assert not Leave.objects.exists()


@pytest.mark.django_db
def test_end_before_start_overlap_and_unknown_staff_are_refused_with_a_clear_message(client, org, leave):
    client.force_login(org["hr"])
    backwards = client.post(reverse("leave:add"), form("A1", "2026-03-06", "2026-03-02")).content.decode()
    assert "末日不能早于首日" in backwards
    overlapping = client.post(reverse("leave:add"), form("A1", "2026-05-08", "2026-05-12")).content.decode()
    assert "与已登记的休假 2026-05-04 至 2026-05-08 重叠" in overlapping
    unknown = client.post(reverse("leave:add"), form("ZZ9", "2026-03-02", "2026-03-03")).content.decode()
    assert "没有工号为 ZZ9 的员工" in unknown
    assert Leave.objects.count() == 1
    # Editing a period does not clash with itself.
    response = client.post(reverse("leave:edit", args=[leave.pk]), form("A1", "2026-05-04", "2026-05-09"))
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["trainer", "manager_a", "staff_a1"])
def test_other_roles_cannot_see_or_change_leave(client, org, leave, who):
    user = org[who] if who == "trainer" else org[who].user
    client.force_login(user)
    for url in (reverse("leave:index"), reverse("leave:add"), reverse("leave:edit", args=[leave.pk])):
        assert client.get(url).status_code in (302, 403)
    response = client.post(reverse("leave:delete", args=[leave.pk]))
    assert response.status_code in (302, 403) and Leave.objects.count() == 1
    upload = SimpleUploadedFile("leave.csv", CSV.encode())
    assert client.post(reverse("people_admin:import_leave"), {"file": upload}).status_code in (302, 403)
    assert Leave.objects.count() == 1


@pytest.mark.django_db
def test_leave_upload_previews_then_confirms(client, org):
    client.force_login(org["hr"])
    response = client.post(
        reverse("people_admin:import_leave"), {"file": SimpleUploadedFile("leave.csv", CSV.encode())}
    )
    page = response.content.decode()
    assert "预览" in page and "产假" in page and "2026-06-07" in page
    assert not Leave.objects.exists()
    response = client.post(reverse("people_admin:import_leave"), {"confirm": "1", "token": response.context["token"]})
    assert response.status_code == 302
    assert Leave.objects.count() == 2


@pytest.mark.django_db
def test_leave_upload_lists_every_bad_line_and_writes_nothing(client, org, leave):
    client.force_login(org["hr"])
    bad = CSV + "ZZ9,年假,2026-02-01,\nA1,病假,2026-05-06,2026-05-07\n"
    page = client.post(reverse("people_admin:import_leave"), {"file": SimpleUploadedFile("leave.csv", bad.encode())})
    page = page.content.decode()
    assert "未导入任何数据" in page
    assert "第 4 行" in page and "未知工号 ZZ9" in page and "未知假别" in page and "缺少 end" in page
    assert "第 5 行" in page and "重叠" in page
    assert Leave.objects.count() == 1


@pytest.mark.django_db
def test_leave_confirm_with_a_forged_token_applies_nothing(client, org):
    client.force_login(org["hr"])
    client.post(reverse("people_admin:import_leave"), {"file": SimpleUploadedFile("leave.csv", CSV.encode())})
    response = client.post(reverse("people_admin:import_leave"), {"confirm": "1", "token": "nope"})
    assert "过期" in response.content.decode() and not Leave.objects.exists()


@pytest.mark.django_db
def test_the_leave_list_and_a_persons_history_take_queries_that_do_not_grow_with_rows(
    client, org, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from people.services import staff_change_record
    from tests.conftest import make_staff

    client.force_login(org["hr"])
    a1 = org["staff_a1"]

    def counts():
        with CaptureQueriesContext(connection) as listing:
            assert client.get(reverse("leave:index")).status_code == 200
        with CaptureQueriesContext(connection) as inspect:
            assert client.get(reverse("staff:inspect", args=[a1.pk])).status_code == 200
        return len(listing), len(inspect)

    def add(first, n):
        for i in range(first, first + n):
            person = make_staff(org["hall_a"])
            Leave.objects.create(staff=person, kind="sick", start=D(2026, 1, 1), end=D(2026, 1, 2))
            Leave.objects.create(staff=a1, kind="sick", start=D(2025, 1, 1 + i), end=D(2025, 1, 1 + i))
            staff_change_record(
                staff=a1, effective_on=D(2024, 1, 1 + i), hall=a1.hall, post="counter", is_backbone=i % 2 == 0
            )

    add(0, 2)
    few = counts()
    add(2, 10)
    assert counts() == few
    with django_assert_max_num_queries(20):
        client.get(reverse("leave:index"))
