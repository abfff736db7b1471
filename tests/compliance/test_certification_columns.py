"""The hall matrix's certification columns: one per active program, the status label in its colour with
the expiry as a tooltip, scoped as the matrix is, and a constant number of queries more."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certification.models import Certificate, CertificateSource
from people.posts import Post
from tests.certification.utils import local, make_program
from tests.conftest import make_staff

D = datetime.date


def certify(staff, program, expires_on, number):
    return Certificate.objects.create(
        number=number,
        program=program,
        staff=staff,
        issued_on=expires_on.replace(year=expires_on.year - 2),
        expires_on=expires_on,
        source=CertificateSource.IMPORTED,
    )


@pytest.fixture
def programs(org):
    sec = make_program("SEC", name="安全保密")
    cpl = make_program("CPL", name="投诉接待", posts=[Post.HALL_MANAGER])
    make_program("OLD", name="停用项目", active=False)
    certify(org["staff_a1"], sec, D(2027, 6, 30), "SG-A1")
    certify(org["staff_a2"], sec, D(2027, 3, 1), "SG-A2")
    certify(org["manager_a"], sec, D(2027, 2, 1), "SG-MA")
    return {"sec": sec, "cpl": cpl}


FEBRUARY_15 = local(2027, 2, 15)


def matrix(client, user, when=FEBRUARY_15):
    with time_machine.travel(when, tick=False):
        client.force_login(user)
        response = client.get(reverse("compliance:hall_detail", args=["HA"]))
    assert response.status_code == 200
    return response


def test_a_column_per_active_program_with_each_persons_label_colour_and_expiry(client, org, programs):
    response = matrix(client, org["manager_a"].user)
    assert [p.code for p in response.context["programs"]] == ["CPL", "SEC"]
    cells = {
        row["staff"].staff_no: [(c.code, c.label, c.css, c.title) for c in row["certification"]]
        for row in response.context["rows"]
    }
    assert cells["A1"] == [
        ("n/a", "不适用", "muted", ""),
        ("certified", "持证有效", "status-ok", "有效期至 2027-06-30"),
    ]
    assert cells["A2"][1] == ("expiring", "即将到期", "status-warn", "有效期至 2027-03-01")
    assert cells["MA"] == [
        ("missing", "未取得", "status-bad", "宽限期至 2020-01-31"),
        ("expired", "已过期", "status-bad", "有效期至 2027-02-01"),
    ]
    html = response.content.decode()
    assert '<th scope="col" class="cert-col"' in html and ">投诉接待</th>" in html and "停用项目" not in html
    assert 'data-status="expiring" title="有效期至 2027-03-01">即将到期</span>' in html
    assert "SG-B1" not in html and "乙营业厅" not in html.split("<table")[1]


def test_without_programs_the_matrix_has_no_certification_column(client, org):
    response = matrix(client, org["manager_a"].user)
    assert response.context["programs"] == [] and "cert-col" not in response.content.decode()


def test_the_columns_cost_the_same_queries_for_three_people_or_thirty(client, org, programs):
    def count():
        with time_machine.travel(local(2027, 2, 15), tick=False):
            client.force_login(org["hr"])
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse("compliance:hall_detail", args=["HA"])).status_code == 200
        return len(ctx.captured_queries)

    count()  # the first request of a session caches the site's settings
    few = count()
    for n in range(30):
        certify(make_staff(org["hall_a"], user=None, staff_no=f"X{n}"), programs["sec"], D(2028, 1, 1), f"SG-X{n}")
    assert count() == few
