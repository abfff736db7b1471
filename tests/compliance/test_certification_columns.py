"""The certification columns of the hall matrix and of the overview (培训合规总览) and its exports: one per
active program, the status label in its colour with the expiry as a tooltip, scoped as the page is, and a
constant number of queries more."""

import csv
import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

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


# 培训合规总览 (the admin report view): a column per program on the page and in the exports.

REPORT = reverse("compliance_admin:report")


def report_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_overview_shows_a_column_per_program_and_exports_label_and_code(client, org, programs):
    with time_machine.travel(FEBRUARY_15, tick=False):
        client.force_login(org["hr"])
        page = client.get(REPORT)
        csv_export = report_csv(client.get(REPORT, {"export": "csv"}))
        xlsx = load_workbook(io.BytesIO(b"".join(client.get(REPORT, {"export": "xlsx"}).streaming_content))).active
    html = page.content.decode()
    assert ">投诉接待</th>" in html and ">安全保密</th>" in html and "停用项目" not in html
    assert 'data-status="expiring" title="有效期至 2027-03-01">即将到期</span>' in html
    heads = list(csv_export[0])
    assert heads.index("投诉接待") < heads.index("hall_code") < heads.index("cert_CPL")
    by_no = {r["staff_no"]: r for r in csv_export}
    assert (by_no["A1"]["安全保密"], by_no["A1"]["cert_SEC"]) == ("持证有效", "certified")
    assert (by_no["A1"]["投诉接待"], by_no["A1"]["cert_CPL"]) == ("不适用", "n/a")
    assert (by_no["MA"]["投诉接待"], by_no["MA"]["cert_CPL"]) == ("未取得", "missing")
    assert (by_no["MA"]["安全保密"], by_no["MA"]["cert_SEC"]) == ("已过期", "expired")
    assert by_no["A1"]["compliant"] in ("true", "false")  # the rules' flag is untouched
    rows = list(xlsx.iter_rows(values_only=True))
    a2 = dict(zip(rows[0], next(r for r in rows if "A2" in r), strict=True))
    assert (a2["安全保密"], a2["cert_SEC"]) == ("即将到期", "expiring")


def test_the_overview_lists_only_the_managers_hall_with_its_certification(client, org, programs):
    with time_machine.travel(FEBRUARY_15, tick=False):
        client.force_login(org["manager_a"].user)
        rows = report_csv(client.get(REPORT, {"export": "csv"}))
    assert sorted(r["staff_no"] for r in rows) == ["A1", "A2", "MA"]


def test_the_overview_costs_the_same_queries_for_three_people_or_thirty(client, org, programs):
    def count(params):
        with time_machine.travel(FEBRUARY_15, tick=False):
            client.force_login(org["hr"])
            client.get(REPORT)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(REPORT, params)
                if params:
                    b"".join(response.streaming_content)
        return len(ctx.captured_queries)

    few = (count({}), count({"export": "csv"}))
    for n in range(30):
        certify(make_staff(org["hall_b"], user=None, staff_no=f"Q{n}"), programs["sec"], D(2028, 1, 1), f"SG-Q{n}")
    assert (count({}), count({"export": "csv"})) == few
