"""The organisers' list of sessions: one scope rule per role (list, sheet, new), paging, filters, the hall
and 到/应到 columns, a fixed number of queries, and 全天 for sessions without a time of day."""

import datetime

import pytest
from django.urls import reverse

from people import roles
from tests.conftest import make_staff, make_user
from trainings.models import Attendance, AttendanceMethod, TrainingSession
from trainings.selectors import sessions_visible_to

TZ = datetime.timezone(datetime.timedelta(hours=8))
URL = reverse("trainings:sessions")


def _session(halls, *, topic="培训", trainer=None, day=10, month=3, hour=9, kind="weekly", invitees=(), present=()):
    start = datetime.datetime(2026, month, day, hour, 0, tzinfo=TZ)
    session = TrainingSession.objects.create(
        topic=topic, kind=kind, trainer=trainer, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    session.halls.set(halls)
    session.invitees.set(invitees)
    for person in present:
        Attendance.objects.create(session=session, staff=person, checked_in_at=start, method=AttendanceMethod.SHEET)
    return session


@pytest.fixture
def two(org):
    """A session of hall A by someone else than the org's trainer, one of hall B, one of both."""
    other = make_user("t-other", roles.TRAINER)
    return {
        "a": _session([org["hall_a"]], topic="甲厅周例会", trainer=other),
        "b": _session([org["hall_b"]], topic="乙厅周例会", trainer=other),
        "ab": _session([org["hall_a"], org["hall_b"]], topic="两厅联合培训", trainer=other),
    }


def _topics(client, user, query=None):
    client.force_login(user)
    page = client.get(URL, query or {})
    assert page.status_code == 200
    return {s.topic for s in page.context["page"]}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("trainer", {"甲厅周例会", "两厅联合培训"}),
        ("manager_a", {"甲厅周例会", "两厅联合培训"}),
        ("manager_b", {"乙厅周例会", "两厅联合培训"}),
        ("hr", {"甲厅周例会", "乙厅周例会", "两厅联合培训"}),
    ],
)
def test_each_organiser_sees_the_sessions_of_their_halls(client, org, two, who, expected):
    user = org[who] if who in ("trainer", "hr") else org[who].user
    assert _topics(client, user) == expected


def test_a_trainer_without_halls_sees_only_the_sessions_they_train(client, org, two):
    lone = make_user("t-lone", roles.TRAINER)
    _session([org["hall_b"]], topic="外出授课", trainer=lone)
    assert _topics(client, lone) == {"外出授课"}


@pytest.mark.parametrize("name", ["trainings:sessions", "trainings:session_new"])
def test_staff_without_an_organiser_role_are_refused(client, org, two, name):
    client.force_login(org["staff_a1"].user)
    assert client.get(reverse(name)).status_code == 404
    assert not sessions_visible_to(org["staff_a1"].user).exists()


def test_a_manager_creates_sessions_only_for_their_own_hall(client, org):
    client.force_login(org["manager_a"].user)
    fields = {"kind": "weekly", "topic": "晨会", "starts_at": "2026-03-02T09:00", "ends_at": "2026-03-02T10:00"}
    refused = client.post(reverse("trainings:session_new"), fields | {"halls": [org["hall_b"].pk]})
    assert refused.status_code == 200 and "halls" in refused.context["form"].errors
    made = client.post(reverse("trainings:session_new"), fields | {"halls": [org["hall_a"].pk]})
    assert made.status_code == 302 and TrainingSession.objects.get().trainer == org["manager_a"].user


def test_the_sheet_shows_a_reader_only_the_people_they_may_see(client, org):
    a1, b1 = org["staff_a1"], org["staff_b1"]
    session = _session([org["hall_a"], org["hall_b"]], trainer=make_user("t-x", roles.TRAINER), invitees=[a1, b1])
    client.force_login(org["manager_a"].user)
    html = client.get(reverse("trainings:session_sheet", args=[session.pk])).content.decode()
    assert a1.name in html and b1.name not in html


def test_the_list_shows_halls_and_attendance_as_present_of_expected(client, org):
    a1, a2 = org["staff_a1"], org["staff_a2"]
    _session([org["hall_a"], org["hall_b"]], topic="联合", invitees=[a1, a2, org["staff_b1"]], present=[a1, a2])
    _session([org["hall_a"]], topic="导入的记录", day=11, present=[a1])
    client.force_login(org["hr"])
    html = client.get(URL).content.decode()
    assert "到 2 / 应到 3" in html and "甲营业厅<br>乙营业厅" in html
    assert "到 1 / 应到 —" in html  # an imported record lists no invitees


def test_the_list_pages_25_at_a_time_newest_first_and_keeps_the_filter_in_the_page_links(client, org):
    for day in range(1, 31):
        _session([org["hall_a"]], topic=f"第{day}场", day=day)
    _session([org["hall_b"]], topic="乙厅", day=15)
    client.force_login(org["hr"])
    first = client.get(URL, {"hall": org["hall_a"].pk})
    topics = [s.topic for s in first.context["page"]]
    assert len(topics) == 25 and topics[0] == "第30场" and "乙厅" not in topics
    html = first.content.decode()
    assert f"?hall={org['hall_a'].pk}&amp;page=2" in html and "第 1 / 2 页" in html
    second = client.get(URL, {"hall": org["hall_a"].pk, "page": 2})
    assert [s.topic for s in second.context["page"]] == [f"第{d}场" for d in range(5, 0, -1)]
    assert client.get(URL, {"page": "abc"}).context["page"].number == 1
    assert client.get(URL, {"page": 99}).context["page"].number == 2


def test_filters_by_dates_and_kind_and_say_so_when_nothing_is_left(client, org):
    _session([org["hall_a"]], topic="三月周培训", day=10)
    _session([org["hall_a"]], topic="四月集中培训", month=4, day=2, kind="centralized")
    _session([org["hall_a"]], topic="四月周培训", month=4, day=30, hour=23)  # late evening, local date counts
    hr = org["hr"]
    assert _topics(client, hr, {"start": "2026-04-01", "end": "2026-04-30"}) == {"四月集中培训", "四月周培训"}
    assert _topics(client, hr, {"end": "2026-03-31"}) == {"三月周培训"}
    assert _topics(client, hr, {"kind": "centralized"}) == {"四月集中培训"}
    page = client.get(URL, {"kind": "backbone"}).content.decode()
    assert "没有符合筛选条件的培训场次" in page and "清除筛选" in page


def test_the_filter_selects_say_all_in_chinese(client, org):
    client.force_login(org["hr"])
    html = client.get(URL).content.decode()
    assert '<option value="" selected>全部</option>' in html and "---------" not in html
    assert "还没有培训场次" in html  # nothing yet, no filter: not the filter's message


def test_a_hall_outside_the_scope_is_refused_and_shows_nothing_of_it(client, org, two):
    client.force_login(org["trainer"])
    page = client.get(URL, {"hall": org["hall_b"].pk})
    assert page.status_code == 200 and "hall" in page.context["filter"].form.errors
    assert {s.topic for s in page.context["page"]} == {"甲厅周例会", "两厅联合培训"}
    assert org["hall_b"].name not in page.content.decode().split("<table", 1)[0]  # not offered either


def test_dates_in_the_wrong_order_or_garbled_are_a_clear_error_not_a_500(client, org):
    client.force_login(org["hr"])
    page = client.get(URL, {"start": "2026-04-02", "end": "2026-04-01"})
    assert page.status_code == 200 and "结束日期不能早于开始日期" in page.content.decode()
    assert client.get(URL, {"start": "abc", "kind": "nope"}).status_code == 200


def _many(org, n):
    people = [make_staff(org["hall_a"]) for _ in range(3)]
    for i in range(n):
        _session([org["hall_a"], org["hall_b"]], day=1 + i % 28, invitees=people, present=people[:2])


@pytest.mark.parametrize("n", [3, 40])
def test_the_list_reads_a_fixed_number_of_queries_whatever_the_number_of_sessions(
    client, org, django_assert_max_num_queries, n
):
    _many(org, n)
    client.force_login(org["trainer"])
    client.get(URL)  # warm the session and role caches
    with django_assert_max_num_queries(11):  # 6 of them: log-in, roles, userbar
        page = client.get(URL, {"hall": org["hall_a"].pk})
    assert len(page.context["page"]) == min(n, 25) and "到 2 / 应到 3" in page.content.decode()


def test_an_all_day_session_shows_as_all_day_in_the_list_and_the_sheet(client, org):
    start = datetime.datetime(2026, 3, 10, 0, 0, tzinfo=TZ)
    session = TrainingSession.objects.create(
        topic="全天培训",
        trainer=org["trainer"],
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=23, minutes=59),
    )
    session.halls.set([org["hall_a"]])
    client.force_login(org["trainer"])
    for url in (URL, reverse("trainings:session_sheet", args=[session.pk])):
        html = client.get(url).content.decode()
        assert "2026-03-10 全天" in html and "00:00" not in html


def test_the_admins_list_of_sessions_shows_all_day_too(client, org):
    start = datetime.datetime(2026, 3, 10, 0, 0, tzinfo=TZ)
    session = TrainingSession.objects.create(topic="全天演练", trainer=org["trainer"], starts_at=start, ends_at=start)
    session.halls.set([org["hall_a"]])
    client.force_login(org["hr"])
    html = client.get("/admin/compliance/sessions/").content.decode()
    assert "2026-03-10 全天" in html and str(session) == "全天演练（2026-03-10 全天）"
