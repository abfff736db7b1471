"""The 上岗认证 panel on 我的培训 and the landing page: labels, colours, countdowns and what is left to do,
with the clock moved across the statuses."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from certification.display import countdown
from certification.labels import LABELS, TONES
from certification.models import Certificate, CertificateSource
from certification.status import MISSING, NOT_REQUIRED, STATUSES, ProgramStatus
from exams.models import QuizAssignment
from people.posts import Post
from tests.conftest import make_staff

from .utils import local, make_exam, make_program

D = datetime.date


@pytest.fixture
def setup(org):
    exam = make_exam()
    program = make_program("SEC", name="安全保密", exam=exam, practical_required=True, practical_description="模拟受理")
    make_program("CPL", name="投诉接待", posts=[Post.HALL_MANAGER])  # not required for a counter clerk
    a1 = org["staff_a1"]
    Certificate.objects.create(
        number="SG-2025-000001",
        program=program,
        staff=a1,
        issued_on=D(2025, 3, 31),
        expires_on=D(2027, 3, 31),
        source=CertificateSource.IMPORTED,
    )
    newcomer = make_staff(org["hall_a"], staff_no="N1", hired_on=D(2027, 1, 1))
    return {"program": program, "exam": exam, "a1": a1, "newcomer": newcomer}


def page(client, user, when, name="home:my_training"):
    with time_machine.travel(when, tick=False):
        client.force_login(user)
        response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_every_status_has_a_chinese_label_and_a_colour():
    assert set(LABELS) == set(TONES) == set(STATUSES)
    assert str(LABELS[NOT_REQUIRED]) == "不适用"


@pytest.mark.parametrize(
    ("when", "label", "css", "countdown"),
    [
        (local(2026, 12, 1), "持证有效", "status-ok", "还有 120 天到期"),
        (local(2027, 3, 8), "即将到期", "status-warn", "还有 23 天到期"),
        (local(2027, 3, 31), "即将到期", "status-warn", "今天到期"),
        (local(2027, 4, 2), "已过期", "status-bad", "已过期 2 天"),
    ],
)
def test_a_certificate_holder_sees_the_status_and_countdown(client, setup, when, label, css, countdown):
    html = page(client, setup["a1"].user, when)
    assert "上岗认证" in html and "安全保密" in html
    assert f'class="cert-status {css}"' in html and f">{label}</span>" in html
    assert countdown in html
    assert 'title="有效期至 2027-03-31"' in html
    assert "证书编号 SG-2025-000001，有效期 2025-03-31 至 2027-03-31" in html
    assert "投诉接待" not in html  # not required for the post


def test_renewal_lists_the_exam_and_practical_with_a_link_to_the_assigned_exam(client, setup):
    a1, exam = setup["a1"], setup["exam"]
    html = page(client, a1.user, local(2027, 3, 8))
    assert "复训还需完成：" in html and "尚未指派" in html and "实操考核待培训师考核：模拟受理" in html
    QuizAssignment.objects.create(staff=a1, quiz=exam, due_at=local(2027, 3, 31, 23), period_key="cert:x")
    html = page(client, a1.user, local(2027, 3, 8))
    assert f'href="{reverse("exams:quiz_detail", args=[exam.pk])}"' in html and "截止 2027-03-31 23:00" in html


def test_a_newcomer_sees_the_grace_countdown_then_missing(client, setup):
    user = setup["newcomer"].user
    html = page(client, user, local(2027, 1, 26))
    assert ">新岗宽限期</span>" in html and "宽限期还剩 5 天" in html and "status-warn" in html
    assert "新岗宽限期至 2027-01-31" in html and "取证还需完成：" in html
    assert "宽限期今天结束" in page(client, user, local(2027, 1, 31))
    html = page(client, user, local(2027, 2, 3))
    assert ">未取得</span>" in html and "宽限期已过 3 天" in html and 'class="cert-status status-bad"' in html
    assert "宽限期已过 30 天" in page(client, user, local(2027, 3, 2))
    html = page(client, user, local(2027, 3, 3))
    assert "宽限期已于 2027-01-31 结束" in html and "宽限期已过" not in html


def test_a_grace_period_long_past_reads_as_its_end_date_in_english():
    with translation.override("en"):
        assert countdown(ProgramStatus("SEC", MISSING, days_left=-3, grace_ends_on=D(2027, 1, 31))) == (
            "Grace period ended 3 days ago"
        )
        assert countdown(ProgramStatus("SEC", MISSING, days_left=-2042, grace_ends_on=D(2021, 6, 3))) == (
            "Grace period ended on 2021-06-03"
        )


def test_the_landing_page_shows_the_short_version(client, setup):
    html = page(client, setup["a1"].user, local(2027, 3, 8), name="home:landing")
    assert "安全保密" in html and ">即将到期</span>" in html and "还有 23 天到期" in html
    assert "复训还需完成" not in html and reverse("home:my_training") in html


def test_each_person_sees_the_programs_of_their_own_post_and_hr_without_a_post_sees_none(client, setup, org):
    html = page(client, org["manager_a"].user, local(2027, 3, 8))
    assert "投诉接待" in html and ">未取得</span>" in html  # the manager's post requires it
    assert "上岗认证" not in page(client, org["hr"], local(2027, 3, 8))


def test_a_program_without_requirements_says_so_instead_of_promising_a_certificate(client, setup, org):
    make_program("CTR", name="综合受理", posts=[Post.COUNTER])
    html = page(client, setup["a1"].user, local(2027, 3, 8))
    assert "该项目尚未设置认证要求，请联系培训师。" in html and "正在发证" not in html
    assert "新岗宽限期已于 2020-01-31 结束。" in html  # hired 2020-01-01, never certified: missing


def test_the_certificate_pdf_is_linked_once_records_serves_it(client, setup, monkeypatch):
    from certification import display

    monkeypatch.setattr(display, "CERTIFICATE_PDF", "records:no_such_page")
    assert display.certificate_pdf_url("SG-2025-000001") == ""
    assert "下载上岗证（PDF）" not in page(client, setup["a1"].user, local(2027, 3, 8))
    monkeypatch.setattr(display, "CERTIFICATE_PDF", "records:verify")  # stands in for records:certificate_pdf
    html = page(client, setup["a1"].user, local(2027, 3, 8))
    assert f'<a href="{reverse("records:verify", args=["SG-2025-000001"])}">下载上岗证（PDF）</a>' in html
