"""The staff profile (``people:staff_detail``): the sections the other apps add through
``peixun_profile_sections``, who may see them, and a query count that does not grow with the records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people import roles
from people.profile import PROFILE_SECTIONS, ROWS_SHOWN, profile_sections
from tests.conftest import make_user

from .profile_data import give_history, pile_up

URL = reverse("people:staff_detail", args=["A1"])


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def trainer_b(org):
    user = make_user("trainer_b", roles.TRAINER)
    org["hall_b"].trainers.add(user)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["manager_b", "trainer_b", "staff_a2", "staff_b1"])
def test_people_outside_the_persons_scope_get_404_and_nothing_of_the_sections(client, org, trainer_b, who):
    give_history(org)
    viewer = trainer_b if who == "trainer_b" else org[who].user
    client.force_login(viewer)
    response = client.get(URL)
    assert response.status_code == 404
    assert "投诉处理演练" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["manager_a", "trainer", "hr", "staff_a1"])
def test_the_person_their_manager_their_hall_trainer_and_hr_see_every_section(client, org, who):
    give_history(org)
    viewer = org[who] if who in ("trainer", "hr") else org[who].user
    html = page(client, viewer)
    for title in ("上岗认证", "培训经历", "计入合规的培训", "测验成绩", "课程进度", "培训档案与评定"):
        assert f">{title}</h2>" in html
    assert "投诉处理演练" in html and "服务礼仪测验" in html and "SG-2026-000001" in html
    assert reverse("records:transcript", args=["A1"]) + f"?year={timezone.localdate().year}" in html


@pytest.mark.django_db
def test_sections_come_from_the_hook_in_their_order(rf, org):
    request = rf.get("/")
    request.user = org["hr"]
    titles = [str(p.title) for p in profile_sections(request, staff=org["staff_a1"])]
    assert titles == ["上岗认证", "培训经历", "计入合规的培训", "测验成绩", "课程进度", "培训档案与评定"]
    from wagtail import hooks

    assert len(hooks.get_hooks(PROFILE_SECTIONS)) == 6


@pytest.mark.django_db
def test_training_history_shows_attended_absent_and_upcoming_sessions(client, org):
    give_history(org)
    html = page(client, org["manager_a"].user)
    assert "出席 1 次，缺席 1 次。" in html
    rows = {
        topic: html.split(topic, 1)[1].split("</tr>", 1)[0] for topic in ("投诉处理演练", "仪容仪表复训", "新业务宣讲")
    }
    assert "出席" in rows["投诉处理演练"] and "88" in rows["投诉处理演练"] and "签到表" in rows["投诉处理演练"]
    assert "缺席" in rows["仪容仪表复训"]
    assert "待参加" in rows["新业务宣讲"]


@pytest.mark.django_db
def test_quiz_results_show_the_final_grade_pass_state_and_attempts_used(client, org):
    give_history(org)
    html = page(client, org["manager_a"].user)
    passed = html.split("服务礼仪测验", 1)[1].split("</tr>", 1)[0]
    assert ">75 " in passed and "已通过" in passed and "2 / 3" in passed and "及格 60" in passed
    failed = html.split("反诈知识测验", 1)[1].split("</tr>", 1)[0]
    assert ">40 " in failed and "已逾期" in failed and "1 / 2" in failed


@pytest.mark.django_db
def test_module_progress_counts_the_lessons_done(client, org):
    give_history(org)
    html = page(client, org["manager_a"].user)
    row = html.split("TS-01 投诉处理", 1)[1].split("</tr>", 1)[0]
    assert "1/2 课" in row and "学习中" in row


@pytest.mark.django_db
def test_certification_shows_the_status_and_each_certificate_with_the_pdf_of_the_unrevoked_one(client, org):
    give_history(org)
    html = page(client, org["manager_a"].user)
    assert "安全保密上岗认证" in html and 'data-status="certified"' in html
    assert reverse("records:certificate_pdf", args=["SG-2026-000001"]) in html
    revoked = html.split("SG-2024-000007", 1)[1].split("</tr>", 1)[0]
    assert "已吊销" in revoked and "PDF" not in revoked
    assert reverse("records:certificate_pdf", args=["SG-2024-000007"]) not in html


@pytest.mark.django_db
def test_appraisals_show_signed_and_unsigned_with_their_pdf_to_the_manager(client, org):
    made = give_history(org)
    html = page(client, org["manager_a"].user)
    assert reverse("records:appraisal", args=[made["signed"].pk]) in html
    assert reverse("records:appraisal", args=[made["draft"].pk]) in html
    assert "已签署" in html and "未签署" in html and "优秀" in html


@pytest.mark.django_db
def test_the_person_sees_their_signed_appraisal_but_not_the_draft(client, org):
    made = give_history(org)
    html = page(client, org["staff_a1"].user)
    assert reverse("records:appraisal", args=[made["signed"].pk]) in html
    assert reverse("records:appraisal", args=[made["draft"].pk]) not in html
    assert "未签署" not in html


@pytest.mark.django_db
def test_the_links_on_the_profile_open_for_the_manager(client, org, settings, tmp_path):
    settings.RECORDS_DIR = tmp_path / "records"
    made = give_history(org)
    client.force_login(org["manager_a"].user)
    year = timezone.localdate().year
    assert client.get(reverse("records:transcript", args=["A1"]) + f"?year={year}").status_code == 200
    assert client.get(reverse("records:appraisal", args=[made["draft"].pk])).status_code == 200
    assert client.get(reverse("records:certificate_pdf", args=["SG-2026-000001"])).status_code == 200


@pytest.mark.django_db
def test_a_person_without_records_sees_the_empty_states(client, org):
    html = page(client, org["staff_a1"].user)
    for empty in (
        "暂无培训场次。",
        "暂无计入合规的培训。",
        "暂无测验任务。",
        "暂无指派的课程。",
        "暂无上岗证。",
        "暂无学员综合评定。",
    ):
        assert empty in html
    assert reverse("records:transcript", args=["A1"]) in html


@pytest.mark.django_db
def test_the_landing_page_links_to_ones_own_profile(client, org):
    client.force_login(org["staff_a1"].user)
    html = client.get(reverse("home:landing")).content.decode()
    assert f'href="{URL}"' in html and "查看我的完整档案" in html


PROFILE_QUERIES = 25


@pytest.mark.django_db
def test_the_profile_needs_the_same_queries_for_many_records_as_for_few(client, org, django_assert_max_num_queries):
    give_history(org)
    client.force_login(org["manager_a"].user)
    client.get(URL)  # warm the caches (site root paths, content types) so both counts compare like with like
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    pile_up(org["staff_a1"], org["trainer"], ROWS_SHOWN + 10, modules=3)
    with django_assert_max_num_queries(PROFILE_QUERIES):
        response = client.get(URL)
    html = response.content.decode()
    n = ROWS_SHOWN
    assert f"仅显示最近 {n} 场" in html and f"仅显示最近 {n} 条" in html and f"仅显示最近 {n} 项测验任务。" in html
    assert f"仅显示最近 {n} 份评定。" in html and f"M{n + 10}-2" in html
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


@pytest.mark.django_db
def test_the_profile_speaks_english_after_choosing_english(client, org):
    from django.conf import settings
    from django.utils import translation

    give_history(org)
    client.force_login(org["manager_a"].user)
    with translation.override(settings.LANGUAGE_CODE):
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        html = client.get(URL).content.decode()
    for english in ("Training sessions", "Final grade", "Module progress", "Training record and appraisals"):
        assert english in html
    assert "Attended 1, absent 1." in html and "Not signed" in html
    for chinese in ("培训经历", "测验成绩", "暂无", "未签署"):
        assert chinese not in html


def test_a_session_is_attended_once_signed_in_else_upcoming_until_it_ends_then_absent():
    import datetime

    from trainings.history import ABSENT, ATTENDED, UPCOMING, session_state

    end = datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC)
    minute = datetime.timedelta(minutes=1)
    assert session_state(attended=True, ends_at=end, now=end + minute) == ATTENDED
    assert session_state(attended=True, ends_at=end, now=end - minute) == ATTENDED
    assert session_state(attended=False, ends_at=end, now=end) == UPCOMING
    assert session_state(attended=False, ends_at=end, now=end + minute) == ABSENT
