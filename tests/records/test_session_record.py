"""Training record form (培训记录表) per session: content read back, fonts, permissions, queries, verification."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from people import roles
from records.documents import session_record_spec
from records.services import document_render
from tests.conftest import make_staff, make_user
from trainings.models import Attendance, AttendanceMethod, TrainingSession

from .helpers import needs_poppler, pdf_fonts, pdf_text

TZ = timezone.get_default_timezone()


def _session(org, *, trainer, invitees, halls=("hall_a",)):
    session = TrainingSession.objects.create(
        topic="5G套餐资费讲解",
        trainer=trainer,
        starts_at=datetime.datetime(2026, 3, 10, 9, 0, tzinfo=TZ),
        ends_at=datetime.datetime(2026, 3, 10, 11, 0, tzinfo=TZ),
        place="三楼会议室",
        notes="讲解新资费并完成随堂测验。",
    )
    session.halls.set([org[h] for h in halls])
    session.invitees.set(invitees)
    return session


def _check_in(session, staff, *, score=None, minute=5):
    return Attendance.objects.create(
        session=session,
        staff=staff,
        checked_in_at=datetime.datetime(2026, 3, 10, 9, minute, tzinfo=TZ),
        method=AttendanceMethod.CODE,
        score=score,
    )


@pytest.fixture
def trainer(db):
    user = make_user("zhangwei", roles.TRAINER)
    user.first_name, user.last_name = "伟", "张"
    user.save()
    return user


@pytest.fixture
def session(org, trainer):
    a1, a2 = org["staff_a1"], org["staff_a2"]
    a1.name, a2.name = "李小红", "王大明"
    a1.save()
    a2.save()
    session = _session(org, trainer=trainer, invitees=[a1, a2])
    _check_in(session, a1, score=Decimal("92.50"))
    return session


def test_session_record_lists_every_invitee_with_sign_in_and_counts(session):
    data = session_record_spec(session).data
    rows = {r["name"]: r for r in data["attendees"]}
    assert rows["李小红"]["present"] and rows["李小红"]["score"] == 92.5 and rows["李小红"]["checked_in_at"] == "09:05"
    assert not rows["王大明"]["present"] and rows["王大明"]["score"] is None
    assert data["counts"] == {"invited": 2, "attended": 1, "absent": 1, "scored": 1, "average": 92.5}
    assert data["session"]["trainer"] == session.trainer.get_full_name()
    assert data["session"]["starts_at"] == "2026-03-10 09:00" and data["session"]["ends_at"] == "11:00"


def test_session_record_lists_walk_ins_after_invitees(org, session):
    _check_in(session, org["staff_b1"], minute=20)
    rows = session_record_spec(session).data["attendees"]
    assert [r["invited"] for r in rows] == [True, True, False]
    assert rows[-1]["name"] == org["staff_b1"].name and rows[-1]["present"]


def test_session_record_uses_imported_trainer_name_without_user(org):
    session = _session(org, trainer=None, invitees=[])
    session.trainer_name = "外聘讲师周老师"
    session.save()
    assert session_record_spec(session).data["session"]["trainer"] == "外聘讲师周老师"


@needs_poppler
def test_session_record_pdf_reads_back_with_embedded_subset_fonts(session):
    pdf = document_render(session_record_spec(session)).file_path.read_bytes()
    text = pdf_text(pdf)
    for expected in ("培训记录表", "5G套餐资费讲解", "三楼会议室", "李小红", "王大明", "92.5", "已签到", "未签到"):
        assert expected in text, expected
    assert "张" in text and "甲营业厅" in text and "培训师签字" in text and "营业厅经理签字" in text
    fonts = pdf_fonts(pdf)
    assert fonts and all(" yes yes " in row for row in fonts)


@pytest.mark.parametrize(
    ("who", "status"),
    [("trainer", 200), ("hr", 200), ("manager_a", 200), ("manager_b", 404), ("staff_a1", 404), ("org_trainer", 200)],
)
def test_session_record_download_is_permission_checked(client, org, trainer, session, who, status):
    users = {"trainer": trainer, "hr": org["hr"], "org_trainer": org["trainer"]}
    client.force_login(users[who] if who in users else org[who].user)
    response = client.get(reverse("records:session_record", args=[session.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "private, no-store"


def test_session_record_download_needs_login(client, session):
    response = client.get(reverse("records:session_record", args=[session.pk]))
    assert response.status_code == 302


def test_manager_of_any_session_hall_may_download(client, org, trainer):
    session = _session(org, trainer=trainer, invitees=[], halls=("hall_a", "hall_b"))
    client.force_login(org["manager_b"].user)
    assert client.get(reverse("records:session_record", args=[session.pk])).status_code == 200


def _queries_for(org, trainer, n, django_assert_num_queries):
    people = [make_staff(org["hall_a"]) for _ in range(n)]
    session = _session(org, trainer=trainer, invitees=people)
    for person in people[::2]:
        _check_in(session, person, score=Decimal("80"))
    with django_assert_num_queries(5):
        data = session_record_spec(session).data
    assert len(data["attendees"]) == n


def test_session_record_spec_query_count_is_fixed(org, trainer, django_assert_num_queries):
    _queries_for(org, trainer, 3, django_assert_num_queries)
    _queries_for(org, trainer, 30, django_assert_num_queries)


@needs_poppler
def test_session_record_verification_code_resolves(client, session):
    doc = document_render(session_record_spec(session))
    code = re.search(r"/verify/([A-Z0-9]+)/", pdf_text(doc.file_path.read_bytes()).replace("\n", "")).group(1)
    assert code == doc.code
    response = client.get(reverse("records:verify", args=[code]))
    assert response.status_code == 200
    assert "培训记录表" in response.content.decode() and "5G套餐资费讲解" in response.content.decode()


def test_sign_in_sheet_and_sessions_list_link_the_record_form(client, trainer, session):
    client.force_login(trainer)
    url = reverse("records:session_record", args=[session.pk])
    assert url in client.get(reverse("trainings:session_sheet", args=[session.pk])).content.decode()
    assert url in client.get(reverse("trainings:sessions")).content.decode()
