"""`manage.py import_staff`: creates, updates, re-runs as a no-op, and is atomic on bad input."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from people.models import Branch, Hall, Staff

HEADER = "staff_no,name,branch,hall_code,hall_name,post,is_backbone,hired_on,left_on\n"
GOOD = HEADER + (
    "1001,王丽,QC,QC01,中山路营业厅,综合受理,是,2021-03-01,\n"
    "1002,李强,QC,QC01,中山路营业厅,营业厅经理,0,2019-07-15,\n"
    "1003,张敏,JW,JW01,人民广场营业厅,投诉接待,false,2022-10-08,2026-05-31\n"
)


def write(tmp_path, text, name="staff.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def snapshot():
    return (
        sorted(
            Staff.objects.values_list("staff_no", "name", "hall__code", "post", "is_backbone", "hired_on", "left_on")
        ),
        sorted(Hall.objects.values_list("code", "name", "branch__code")),
        sorted(Branch.objects.values_list("code", "name")),
        get_user_model().objects.count(),
    )


@pytest.mark.django_db
def test_import_creates_branches_halls_staff_and_accounts(tmp_path):
    out = StringIO()
    call_command("import_staff", write(tmp_path, GOOD), stdout=out)
    assert "新增 3 人" in out.getvalue()
    assert Branch.objects.count() == 2 and Hall.objects.count() == 2
    wang = Staff.objects.get(staff_no="1001")
    assert wang.user.username == "1001" and not wang.user.has_usable_password()
    assert wang.user.groups.filter(name="Staff").exists()


@pytest.mark.django_db
def test_rerunning_the_same_file_changes_nothing(tmp_path):
    path = write(tmp_path, GOOD)
    call_command("import_staff", path, stdout=StringIO())
    before = snapshot()
    out = StringIO()
    call_command("import_staff", path, stdout=out)
    assert snapshot() == before
    assert "新增 0 人，更新 0 人，未变 3 人" in out.getvalue()


@pytest.mark.django_db
def test_reimport_updates_by_staff_no(tmp_path):
    call_command("import_staff", write(tmp_path, GOOD), stdout=StringIO())
    changed = GOOD.replace(
        "1001,王丽,QC,QC01,中山路营业厅,综合受理,是,2021-03-01,",
        "1001,王丽,QC,QC01,中山路营业厅,前台销售,否,2021-03-01,2026-06-30",
    )
    call_command("import_staff", write(tmp_path, changed, "b.csv"), stdout=StringIO())
    wang = Staff.objects.get(staff_no="1001")
    assert (wang.post, wang.is_backbone, str(wang.left_on)) == ("front_desk", False, "2026-06-30")
    assert Staff.objects.count() == 3


@pytest.mark.django_db
def test_bad_file_writes_nothing_and_lists_every_bad_row(tmp_path):
    call_command("import_staff", write(tmp_path, GOOD), stdout=StringIO())
    before = snapshot()
    bad = HEADER + (
        "1001,王丽改,QC,QC01,中山路营业厅,综合受理,1,2021-03-01,\n"  # valid change, must not be applied
        "2001,新人,QC,QC09,新营业厅,综合受理,1,2021-13-01,\n"  # bad date
        "2002,,QC,QC01,中山路营业厅,综合受理,1,2021-03-01,\n"  # missing name
    )
    err = StringIO()
    with pytest.raises(CommandError, match="2 行有错误"):
        call_command("import_staff", write(tmp_path, bad, "bad.csv"), stdout=StringIO(), stderr=err)
    assert "第 3 行" in err.getvalue() and "第 4 行" in err.getvalue()
    assert snapshot() == before


@pytest.mark.django_db
def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_staff", str(tmp_path / "nope.csv"))


@pytest.mark.django_db
def test_failure_during_apply_rolls_back_everything(tmp_path, monkeypatch):
    """A database error half-way (after some rows were written) leaves no trace."""
    from people import services

    def flaky(*args, **kwargs):
        assert Staff.objects.exists()  # the people are written, their history is not
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.StaffChange.objects, "bulk_create", flaky)
    with pytest.raises(RuntimeError):
        call_command("import_staff", write(tmp_path, GOOD), stdout=StringIO())
    assert Staff.objects.count() == 0 and Hall.objects.count() == 0 and Branch.objects.count() == 0
