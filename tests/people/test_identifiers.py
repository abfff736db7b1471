"""Identifiers (staff numbers, hall, branch, launch and programme codes) are letters, digits, ``-`` and ``_``
(issue 14, item 3): every import refuses others with the row and the value, the admin forms refuse them,
and a bad value already in the database does not break the pages that link to it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evidence.imports import validate_launch_rows
from people.identifiers import is_identifier, validate_identifier
from people.imports import validate_rows
from people.leaves import validate_leave_rows
from tests.conftest import make_staff
from trainings.imports import validate_training_rows

ODD = ["QC01/96", "QC 01", "QC01?", "A#1", "厅01", "a.b", "../x"]


@pytest.mark.parametrize("value", ["QC01", "QC01096", "YR-01", "a_b", "0"])
def test_identifiers_are_letters_digits_dashes_and_underscores(value):
    assert is_identifier(value)
    validate_identifier(value)


@pytest.mark.parametrize("value", [*ODD, "", "QC01\n"])
def test_anything_else_is_refused(value):
    assert not is_identifier(value)
    with pytest.raises(ValidationError):
        validate_identifier(value)


def staff_row(**cells):
    row = {
        "staff_no": "1001", "name": "王丽", "branch": "QC", "hall_code": "QC01", "hall_name": "中山路营业厅",
        "post": "综合受理", "is_backbone": "1", "hired_on": "2021-03-01", "left_on": "",
    }  # fmt: skip
    return row | cells


@pytest.mark.parametrize("column", ["staff_no", "hall_code"])
def test_the_staff_import_names_the_row_and_the_bad_value(column):
    good, errors = validate_rows([(2, staff_row()), (3, staff_row(**{"staff_no": "1002", column: "QC01/96"}))])
    assert [r.line for r in good] == [2]
    assert [e.line for e in errors] == [3]
    assert "第 3 行" in str(errors[0]) and "QC01/96" in str(errors[0]) and column in str(errors[0])


@pytest.mark.django_db
def test_the_branch_column_takes_a_known_branch_by_name_but_a_new_branch_only_by_code():
    from people.models import Branch
    from people.services import staff_import_plan

    Branch.objects.create(code="QC", name="青城市分公司")
    rows, errors = validate_rows(
        [
            (2, staff_row(branch="青城市分公司")),
            (3, staff_row(staff_no="1002", branch="新市/分公司")),
            (4, staff_row(staff_no="1003", branch="JW")),
        ]
    )
    assert errors == []
    plan = staff_import_plan(rows=rows, today=datetime.date(2026, 6, 1))
    assert [e.line for e in plan.errors] == [3] and "新市/分公司" in str(plan.errors[0])
    assert plan.new_branches == ["JW"]


def test_the_leave_import_refuses_a_bad_staff_number():
    row = {"staff_no": "QC01/96", "kind": "病假", "start": "2026-01-05", "end": "2026-01-06", "note": ""}
    good, errors = validate_leave_rows([(2, row)], staff={}, existing={})
    assert not good and "QC01/96" in str(errors[0]) and "第 2 行" in str(errors[0])


@pytest.mark.parametrize("column", ["staff_no", "launch_code"])
def test_the_training_import_refuses_bad_identifiers(column):
    row = {"staff_no": "A1", "kind": "weekly", "occurred_at": "2026-03-02 10:00", "topic": "礼仪", "launch_code": ""}
    good, errors = validate_training_rows([(4, row | {column: "L/1"})])
    assert not good and "L/1" in str(errors[0]) and "第 4 行" in str(errors[0])


@pytest.mark.parametrize("cells", [{"code": "L/1"}, {"hall_codes": "QC01;QC/02"}])
def test_the_launch_import_refuses_bad_identifiers(cells):
    row = {"code": "L1", "name": "新业务", "announced_at": "2026-03-02 10:00", "hall_codes": "QC01"} | cells
    good, errors = validate_launch_rows([(5, row)])
    assert not good and "/" in str(errors[0]) and "第 5 行" in str(errors[0])


@pytest.mark.django_db
def test_the_admin_staff_form_refuses_a_bad_staff_number(org, client):
    client.force_login(org["hr"])
    data = {
        "staff_no": "QC01/96", "name": "新人", "hall": org["hall_a"].pk, "post": "counter", "hired_on": "2026-01-05",
        "effective_on": "2026-01-05",
    }  # fmt: skip
    response = client.post(reverse("staff:add"), data)
    assert response.status_code == 200
    assert "只能包含字母、数字" in response.content.decode()


@pytest.fixture
def odd_people(org):
    """People whose staff numbers came in before the rule, one of each odd kind, in hall A."""
    return [make_staff(org["hall_a"], staff_no=no, name=f"怪号{i}") for i, no in enumerate(ODD)]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["manager_a", "trainer", "hr"])
def test_pages_linking_to_odd_staff_numbers_still_answer(org, odd_people, client, who):
    user = org[who] if who != "manager_a" else org[who].user
    client.force_login(user)
    pages = [
        reverse("people:hall_detail", args=["HA"]),
        reverse("compliance:hall_detail", args=["HA"]),
    ]
    if who != "manager_a":
        pages.append(reverse("compliance_admin:report") + f"?hall={org['hall_a'].pk}")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "怪号0" in response.content.decode(), url


@pytest.mark.django_db
def test_the_profile_and_transcript_of_an_odd_staff_number_open(org, odd_people, client):
    client.force_login(org["hr"])
    for person in odd_people:
        url = reverse("people:staff_detail", args=[person.staff_no])
        response = client.get(url)
        assert response.status_code == 200, (person.staff_no, url)
        assert person.name in response.content.decode()


@pytest.mark.django_db
def test_an_odd_hall_code_still_links(org, client):
    org["hall_b"].code = "QC/02"
    org["hall_b"].save()
    client.force_login(org["hr"])
    assert client.get(reverse("compliance_admin:report")).status_code == 200
    assert client.get(reverse("people:hall_detail", args=["QC/02"])).status_code == 200
    assert client.get(reverse("compliance:hall_detail", args=["QC/02"])).status_code == 200
