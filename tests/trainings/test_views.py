"""Pages of training sessions: self check-in, a new session, the sign-in sheet (trainer or HR only), invitations."""

import pytest
from django.urls import reverse

from evidence.models import TrainingEvent
from notices.models import Notification
from people import roles
from tests.conftest import make_user
from trainings.models import Attendance


def login(client, user):
    client.force_login(user)
    return client


def test_self_check_in_with_the_code(client, org, running):
    c = login(client, org["staff_a1"].user)
    page = c.post(reverse("trainings:check_in"), {"code": running.checkin_code}, follow=True)
    assert "签到成功" in page.content.decode()
    assert Attendance.objects.get(staff=org["staff_a1"]).method == "code"


def test_check_in_by_someone_not_invited_is_refused_clearly(client, org, running):
    page = login(client, org["staff_b1"].user).post(
        reverse("trainings:check_in"), {"code": running.checkin_code}, follow=True
    )
    assert "不在本场培训的受邀名单中" in page.content.decode() and not Attendance.objects.exists()


def test_trainer_creates_a_session_and_invitees_are_notified(client, org):
    c = login(client, org["trainer"])
    page = c.post(
        reverse("trainings:session_new"),
        {
            "kind": "weekly",
            "topic": "仪容仪表",
            "starts_at": "2026-03-02T09:00",
            "ends_at": "2026-03-02T10:00",
            "place": "会议室",
            "halls": [org["hall_a"].pk],
        },
    )
    assert page.status_code == 302
    assert Notification.objects.filter(user=org["staff_a2"].user, text__contains="仪容仪表").exists()


def test_trainer_cannot_pick_a_hall_they_do_not_train(client, org):
    page = login(client, org["trainer"]).post(
        reverse("trainings:session_new"),
        {
            "kind": "weekly",
            "topic": "x",
            "starts_at": "2026-03-02T09:00",
            "ends_at": "2026-03-02T10:00",
            "halls": [org["hall_b"].pk],
        },
    )
    assert page.status_code == 200 and "halls" in page.context["form"].errors


def test_sheet_marks_attendance_and_scores(client, org, running):
    c = login(client, org["trainer"])
    url = reverse("trainings:session_sheet", args=[running.pk])
    assert c.get(url).status_code == 200
    a1 = org["staff_a1"]
    c.post(url, {"present": [a1.pk, org["staff_a2"].pk], f"score-{a1.pk}": "92.5"})
    assert TrainingEvent.objects.filter(source_ref=f"session:{running.pk}").count() == 2
    assert TrainingEvent.objects.get(staff=a1).score == 92.5
    c.post(url, {"present": [a1.pk], f"score-{a1.pk}": "92.5"})
    assert list(Attendance.objects.values_list("staff__staff_no", flat=True)) == ["A1"]


def test_sheet_rejects_a_bad_score_without_a_500(client, org, running):
    c = login(client, org["trainer"])
    url = reverse("trainings:session_sheet", args=[running.pk])
    page = c.post(url, {"present": [org["staff_a1"].pk], f"score-{org['staff_a1'].pk}": "abc"}, follow=True)
    assert "成绩无效" in page.content.decode() and not Attendance.objects.exists()


@pytest.mark.parametrize("who", ["staff_a1", "manager_b", "other_trainer"])
def test_sheet_is_refused_outside_the_users_scope(client, org, running, who):
    user = make_user("t2", roles.TRAINER) if who == "other_trainer" else org[who].user
    assert login(client, user).get(reverse("trainings:session_sheet", args=[running.pk])).status_code == 404


def test_the_halls_manager_reads_the_sheet_but_may_not_write_it(client, org, running):
    c = login(client, org["manager_a"].user)
    url = reverse("trainings:session_sheet", args=[running.pk])
    page = c.get(url)
    assert page.status_code == 200 and "保存签到表" not in page.content.decode()
    assert c.post(url, {"present": [org["staff_a1"].pk]}).status_code == 403
    assert c.post(url, {"invite": "A1"}).status_code == 403
    assert not Attendance.objects.exists()


def test_hr_may_open_any_sheet(client, org, running):
    assert login(client, org["hr"]).get(reverse("trainings:session_sheet", args=[running.pk])).status_code == 200


def test_trainer_invites_more_people_by_staff_number_within_their_halls(client, org, running):
    c = login(client, org["trainer"])
    url = reverse("trainings:session_sheet", args=[running.pk])
    page = c.post(url, {"invite": "B1"}, follow=True)
    assert "找不到这些工号" in page.content.decode() and not running.invitees.filter(staff_no="B1").exists()
    hr = login(client, org["hr"])
    hr.post(url, {"invite": "B1, MB"})
    assert running.invitees.filter(staff_no__in=["B1", "MB"]).count() == 2
    assert Notification.objects.filter(user=org["staff_b1"].user, key=f"session-invite:{running.pk}").exists()
