"""Effective-dated facts: staff_change_record and import_staff's effective_on keep the history and Staff in step."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from people.imports import HEADER, read_table, validate_rows
from people.models import Hall, Leave, Staff, StaffChange
from people.services import staff_change_record
from tests.conftest import make_hall, make_staff

D = datetime.date
TODAY = D(2026, 12, 6)
CSV = "staff_no,name,branch,hall_code,hall_name,post,is_backbone,hired_on,left_on,effective_on\n"
ROW = "1001,王丽,QC,QC01,中山路营业厅,{post},{backbone},2021-03-01,,{day}\n"


def history(staff_no):
    return list(
        StaffChange.objects.filter(staff__staff_no=staff_no)
        .order_by("effective_on")
        .values_list("effective_on", "hall__code", "post", "is_backbone")
    )


def run(tmp_path, text, name="staff.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    call_command("import_staff", str(path), stdout=StringIO(), stderr=StringIO())


def test_effective_on_after_the_import_day_or_before_hire_is_refused():
    text = (
        CSV
        + ROW.format(post="综合受理", backbone=1, day="2026-12-07")
        + ROW.format(post="综合受理", backbone=1, day="2021-02-28").replace("1001", "1002")
    )
    _rows, errors = validate_rows(read_table(text.encode(), "s.csv", HEADER), today=TODAY)
    assert {e.line: e.message for e in errors} == {
        2: "生效日期 2026-12-07 晚于导入当天",
        3: "生效日期 2021-02-28 早于入职日期",
    }


@pytest.mark.django_db
def test_a_new_person_gets_their_first_facts_from_the_hire_date(tmp_path):
    run(tmp_path, CSV + ROW.format(post="综合受理", backbone=1, day=""))
    assert history("1001") == [(D(2021, 3, 1), "QC01", "counter", True)]


@pytest.mark.django_db
def test_an_import_with_effective_on_records_a_change_and_updates_staff(tmp_path):
    run(tmp_path, CSV + ROW.format(post="综合受理", backbone=0, day=""))
    run(tmp_path, CSV + ROW.format(post="综合受理", backbone=1, day="2026-07-01"), "b.csv")
    assert history("1001") == [(D(2021, 3, 1), "QC01", "counter", False), (D(2026, 7, 1), "QC01", "counter", True)]
    assert Staff.objects.get(staff_no="1001").is_backbone is True
    run(tmp_path, CSV + ROW.format(post="综合受理", backbone=1, day="2026-07-01"), "b.csv")
    assert len(history("1001")) == 2


@pytest.mark.django_db
def test_without_effective_on_a_change_holds_from_the_import_day(tmp_path):
    from django.utils import timezone

    run(tmp_path, CSV + ROW.format(post="综合受理", backbone=0, day=""))
    run(
        tmp_path,
        (CSV + ROW.format(post="前台销售", backbone=0, day="")).replace(",effective_on", "").replace(",\n", "\n"),
    )
    assert history("1001")[-1] == (timezone.localdate(), "QC01", "front_desk", False)


@pytest.mark.django_db
def test_a_backdated_change_before_a_later_one_keeps_staff_on_the_latest(tmp_path):
    run(tmp_path, CSV + ROW.format(post="综合受理", backbone=0, day=""))
    run(tmp_path, CSV + ROW.format(post="综合受理", backbone=1, day="2026-07-01"), "b.csv")
    run(tmp_path, CSV + ROW.format(post="投诉接待", backbone=0, day="2026-03-01"), "c.csv")
    assert history("1001") == [
        (D(2021, 3, 1), "QC01", "counter", False),
        (D(2026, 3, 1), "QC01", "complaint", False),
        (D(2026, 7, 1), "QC01", "counter", True),
    ]
    wang = Staff.objects.get(staff_no="1001")
    assert (wang.post, wang.is_backbone) == ("counter", True)


@pytest.mark.django_db
def test_a_move_to_a_new_hall_is_recorded_with_the_new_hall(tmp_path):
    run(tmp_path, CSV + ROW.format(post="综合受理", backbone=0, day=""))
    moved = ROW.format(post="综合受理", backbone=0, day="2026-10-01").replace("QC01,中山路营业厅", "QC02,滨江营业厅")
    run(tmp_path, CSV + moved, "b.csv")
    assert history("1001")[-1] == (D(2026, 10, 1), "QC02", "counter", False)
    assert Staff.objects.get(staff_no="1001").hall.code == "QC02"


@pytest.mark.django_db
def test_a_bad_effective_on_refuses_the_whole_file(tmp_path):
    with pytest.raises(CommandError):
        run(tmp_path, CSV + ROW.format(post="综合受理", backbone=0, day="2999-01-01"))
    assert not Staff.objects.exists()


@pytest.mark.django_db
def test_recording_the_facts_in_force_writes_no_row():
    staff = make_staff(hired_on=D(2020, 1, 1))
    assert not staff_change_record(
        staff=staff, effective_on=D(2026, 5, 1), hall=staff.hall, post=staff.post, is_backbone=False
    )
    assert not StaffChange.objects.exists()


@pytest.mark.django_db
def test_a_person_without_history_gets_the_hire_date_row_before_a_later_change():
    staff = make_staff(hired_on=D(2020, 1, 1))
    first, hall = staff.hall, make_hall()
    assert staff_change_record(staff=staff, effective_on=D(2026, 5, 1), hall=hall, post="counter", is_backbone=True)
    assert history(staff.staff_no) == [
        (D(2020, 1, 1), first.code, "counter", False),
        (D(2026, 5, 1), hall.code, "counter", True),
    ]
    staff.refresh_from_db()
    assert (staff.hall, staff.is_backbone) == (hall, True)


@pytest.mark.django_db
def test_the_same_day_again_replaces_that_days_change():
    staff = make_staff(hired_on=D(2020, 1, 1))
    first_hall = staff.hall
    staff_change_record(staff=staff, effective_on=D(2026, 5, 1), hall=first_hall, post="counter", is_backbone=True)
    staff_change_record(staff=staff, effective_on=D(2026, 5, 1), hall=first_hall, post="auditor", is_backbone=True)
    assert history(staff.staff_no)[-1] == (D(2026, 5, 1), first_hall.code, "auditor", True)
    staff_change_record(staff=staff, effective_on=D(2026, 5, 1), hall=first_hall, post="counter", is_backbone=False)
    assert history(staff.staff_no) == [(D(2020, 1, 1), first_hall.code, "counter", False)]
    assert Staff.objects.get(pk=staff.pk).post == "counter"


@pytest.mark.django_db
def test_a_day_before_hire_is_refused():
    staff = make_staff(hired_on=D(2020, 1, 1))
    with pytest.raises(ValueError):
        staff_change_record(staff=staff, effective_on=D(2019, 1, 1), hall=staff.hall, post="counter", is_backbone=True)
    assert Hall.objects.count() == 1


@pytest.mark.django_db
def test_the_demo_people_have_their_first_facts_from_the_hire_date():
    from people.demo import seed_people

    seed_people(today=D(2026, 12, 6))
    seed_people(today=D(2026, 12, 6))
    assert Staff.objects.count() == 40
    assert StaffChange.objects.count() == 41  # one more: QC01005 became backbone on 15 July
    wang = Staff.objects.get(staff_no="QC01002")
    assert history("QC01002") == [(wang.hired_on, "QC01", wang.post, wang.is_backbone)]
    riser = Staff.objects.get(staff_no="QC01005")
    assert history("QC01005") == [
        (riser.hired_on, "QC01", riser.post, False),
        (D(2026, 7, 15), "QC01", riser.post, True),
    ]
    assert riser.is_backbone
    assert Leave.objects.filter(staff__staff_no="QC01007", kind="maternity").count() == 1
