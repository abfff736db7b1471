"""Hand-made quiz assignments from the admin: trainers and HR, people they may see, a due time ahead."""

import datetime

from django.urls import reverse
from django.utils import timezone

from exams.models import QuizAssignment
from notices.models import Notification
from tests.conftest import make_staff

from .utils import load_fixture_bank, make_quiz


def test_a_trainer_assigns_a_quiz_to_people_of_their_hall_once_per_due_day(client, org):
    bank = load_fixture_bank()
    quiz = make_quiz([bank["t-001"]])
    due = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    client.force_login(org["trainer"])
    data = {
        "quiz": quiz.pk,
        "due_at": due.strftime("%Y-%m-%dT%H:%M"),
        "staff": [org["staff_a1"].pk, org["staff_a2"].pk],
    }
    assert client.get(reverse("exams_admin:assign")).status_code == 200
    client.post(reverse("exams_admin:assign"), data)
    client.post(reverse("exams_admin:assign"), data)
    rows = QuizAssignment.objects.order_by("staff__staff_no")
    assert [(a.staff.staff_no, a.kind, a.due_at) for a in rows] == [("A1", "manual", due), ("A2", "manual", due)]
    told = Notification.objects.filter(key__startswith="quiz-assigned:").order_by("user__username")
    assert [(n.user, n.key) for n in told] == [(a.staff.user, f"quiz-assigned:{a.pk}") for a in rows]
    assert all(quiz.title in n.text and n.url == reverse("exams:quiz_detail", args=[quiz.pk]) for n in told)


def test_people_out_of_sight_a_past_due_time_or_a_staff_member_are_refused(client, org):
    bank = load_fixture_bank()
    quiz = make_quiz([bank["t-001"]])
    client.force_login(org["trainer"])
    later = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    earlier = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    other_hall = client.post(
        reverse("exams_admin:assign"), {"quiz": quiz.pk, "due_at": later, "staff": [org["staff_b1"].pk]}
    )
    past = client.post(
        reverse("exams_admin:assign"), {"quiz": quiz.pk, "due_at": earlier, "staff": [org["staff_a1"].pk]}
    )
    assert other_hall.status_code == past.status_code == 200  # the form again, with its errors
    assert "截止时间须晚于现在" in past.content.decode()
    client.force_login(make_staff().user)
    assert client.get(reverse("exams_admin:assign")).status_code in (302, 403)
    assert not QuizAssignment.objects.exists()
