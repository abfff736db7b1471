"""Import limits: file size, rows, unpacked XLSX size (zip bombs), batched writes, and the preview sweep."""

import datetime
import io
import os
import time
import zipfile

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from lms.uploads import pending_dir
from people.imports import HEADER, ImportFileError, read_table, validate_rows
from people.models import Branch, Hall, Staff, StaffChange
from people.services import staff_import_apply
from tests.beat import Beat, local

HEAD = ",".join(HEADER) + "\n"


def staff_csv(n: int, *, start: int = 0) -> bytes:
    lines = [
        f"S{i:06d},员工{i},QC,QC{i % 7:02d},第{i % 7}营业厅,综合受理,0,2021-03-01," for i in range(start, start + n)
    ]
    return (HEAD + "\n".join(lines) + "\n").encode()


def zip_bomb(unpacked_mb: int) -> bytes:
    """A valid-looking XLSX whose one sheet inflates to ``unpacked_mb`` MB of repeated rows."""
    template = io.BytesIO()
    book = Workbook()
    book.active.append(HEADER)
    book.save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template.getvalue())) as source:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
            for item in source.infolist():
                if item.filename != "xl/worksheets/sheet1.xml":
                    bomb.writestr(item, source.read(item))
                    continue
                with bomb.open(item.filename, "w", force_zip64=True) as sheet:
                    sheet.write(
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                    )
                    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
                    for _ in range(unpacked_mb * 1024 * 1024 // len(row) + 1):
                        sheet.write(row)
                    sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def upload(client, data, name="staff.csv"):
    return client.post(reverse("people_admin:import"), {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def imports_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return pending_dir()


def test_a_zip_bomb_is_refused_quickly_before_openpyxl_opens_it(settings):
    bomb = zip_bomb(settings.PEIXUN_IMPORT_MAX_XLSX_BYTES // (1024 * 1024) + 20)
    assert len(bomb) < 1024 * 1024  # tiny on disk
    started = time.perf_counter()
    with pytest.raises(ImportFileError, match="解压后过大"):
        read_table(bomb, "staff.xlsx", HEADER)
    assert time.perf_counter() - started < 2


def test_a_smaller_bomb_over_a_lowered_limit_is_refused_too(settings):
    settings.PEIXUN_IMPORT_MAX_XLSX_BYTES = 2 * 1024 * 1024
    with pytest.raises(ImportFileError, match="解压后过大"):
        read_table(zip_bomb(4), "staff.xlsx", HEADER)


def test_too_many_rows_are_refused_in_csv_and_xlsx(settings):
    settings.PEIXUN_IMPORT_MAX_ROWS = 10
    assert len(read_table(staff_csv(10), "s.csv", HEADER)) == 10
    with pytest.raises(ImportFileError, match="行数过多（上限 10 行）"):
        read_table(staff_csv(11), "s.csv", HEADER)
    book = Workbook()
    book.active.append(HEADER)
    for i in range(11):
        book.active.append([f"S{i}", "名", "QC", "QC01", "厅", "综合受理", 0, "2021-03-01", ""])
    data = io.BytesIO()
    book.save(data)
    with pytest.raises(ImportFileError, match="行数过多"):
        read_table(data.getvalue(), "s.xlsx", HEADER)


def test_the_default_row_limit_allows_100000_staff():
    from django.conf import settings

    assert settings.PEIXUN_IMPORT_MAX_ROWS >= 100_000


def test_a_sheet_with_broken_xml_is_refused_with_a_message():
    book = io.BytesIO()
    Workbook().save(book)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book.getvalue())) as source, zipfile.ZipFile(out, "w") as broken:
        for item in source.infolist():
            data = source.read(item)
            broken.writestr(item, b"<worksheet><sheetData><row>" if item.filename.endswith("sheet1.xml") else data)
    with pytest.raises(ImportFileError, match="无法读取 XLSX"):
        read_table(out.getvalue(), "staff.xlsx", HEADER)


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_unread_and_nothing_is_kept(client, org, settings, imports_dir):
    settings.PEIXUN_IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(org["hr"])
    response = upload(client, staff_csv(20_000))
    assert response.status_code == 200
    assert "文件过大（上限 1 MB）" in response.content.decode()
    assert "token" not in response.context
    assert list(imports_dir.iterdir()) == []
    assert not Staff.objects.filter(staff_no__startswith="S0").exists()


@pytest.mark.django_db
def test_a_zip_bomb_upload_shows_the_message_in_english_too(client, org, settings, imports_dir):
    from django.utils import translation

    translation.activate("en")
    settings.PEIXUN_IMPORT_MAX_XLSX_BYTES = 2 * 1024 * 1024
    client.force_login(org["hr"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("people_admin:import"), {"file": SimpleUploadedFile("staff.xlsx", zip_bomb(4))})
    page = response.content.decode()
    assert response.status_code == 200 and "too large once unpacked" in page
    assert list(imports_dir.iterdir()) == []
    assert Hall.objects.count() == 2
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.django_db
def test_a_refused_file_writes_nothing(settings, org):
    settings.PEIXUN_IMPORT_MAX_ROWS = 100
    before = (Staff.objects.count(), Hall.objects.count(), Branch.objects.count(), get_user_model().objects.count())
    with pytest.raises(ImportFileError):
        read_table(staff_csv(101), "s.csv", HEADER)
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = pending_dir() / "too-many.csv"
    path.write_bytes(staff_csv(101))
    try:
        with pytest.raises(CommandError, match="行数过多"):
            call_command("import_staff", str(path))
    finally:
        path.unlink()
    after = (Staff.objects.count(), Hall.objects.count(), Branch.objects.count(), get_user_model().objects.count())
    assert after == before


@pytest.mark.django_db
def test_5000_staff_import_in_batches_on_sqlite(django_assert_max_num_queries):
    rows, errors = validate_rows(read_table(staff_csv(5000), "s.csv", HEADER))
    assert errors == []
    with django_assert_max_num_queries(300):  # about 40 per 900 rows, not 10 per row
        plan = staff_import_apply(rows=rows, today=datetime.date(2026, 6, 1))
    assert len(plan.create) == 5000
    assert Staff.objects.filter(user__isnull=False).count() == 5000
    assert StaffChange.objects.count() == 5000
    staff = Staff.objects.select_related("user", "hall").get(staff_no="S004321")
    assert staff.user.username == "S004321" and not staff.user.has_usable_password()
    assert staff.user.groups.filter(name="Staff").exists() and staff.hall.code == "QC02"
    # Again, with a few changes: nothing new, the changed ones updated.
    again = staff_csv(5000).replace(b"S000003,\xe5\x91\x98\xe5\xb7\xa53,", "S000003,新名字,".encode())
    rows, _errors = validate_rows(read_table(again, "s.csv", HEADER))
    plan = staff_import_apply(rows=rows, today=datetime.date(2026, 6, 1))
    assert (len(plan.create), len(plan.update), plan.unchanged) == (0, 1, 4999)
    assert Staff.objects.get(staff_no="S000003").name == "新名字" and Staff.objects.count() == 5000


@pytest.mark.django_db
def test_unconfirmed_previews_are_swept_by_the_beat_after_a_day(client, org, imports_dir):
    start = local(2026, 6, 1, 9)
    with Beat(start) as beat:
        client.force_login(org["hr"])
        response = upload(client, staff_csv(3))
        token = response.context["token"]
        [kept] = list(imports_dir.iterdir())
        os.utime(kept, (start.timestamp(), start.timestamp()))
        beat.tick(start + datetime.timedelta(hours=23))
        assert kept.exists()
        fired = beat.tick(start + datetime.timedelta(hours=25))
        assert "people.tasks.import_previews_sweep" in fired
        assert not kept.exists()
        client.force_login(org["hr"])  # a day later the login (SESSION_COOKIE_AGE, 10 h) has ended too
        response = client.post(reverse("people_admin:import"), {"confirm": "1", "token": token})
        assert "过期" in response.content.decode()
    assert not Staff.objects.filter(staff_no__startswith="S0").exists()


def test_the_sweep_keeps_fresh_files(settings, tmp_path):
    from people.tasks import import_previews_sweep

    settings.VAR_DIR = tmp_path
    fresh = pending_dir() / "fresh.csv"
    fresh.write_bytes(b"x")
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=2)):
        assert import_previews_sweep.apply().get() == 0
    assert fresh.exists()


def test_question_bank_files_are_held_to_the_limits_too(settings):
    from exams.bank import bank_file_read
    from exams.formats import BankFileError

    gift = "\n\n".join(f"::q{i}:: 第{i}题 {{=对 ~错}}" for i in range(3)).encode()
    assert len(bank_file_read(gift, fmt="gift")[0]) == 3
    settings.PEIXUN_IMPORT_MAX_QUESTIONS = 2
    with pytest.raises(BankFileError, match="题目过多（上限 2 道）"):
        bank_file_read(gift, fmt="gift")
    settings.PEIXUN_IMPORT_MAX_BYTES = 10
    with pytest.raises(BankFileError, match="文件过大"):
        bank_file_read(gift, fmt="gift")
    settings.PEIXUN_IMPORT_MAX_XLSX_BYTES = 1024 * 1024
    with pytest.raises(BankFileError, match="解压后过大"):
        settings.PEIXUN_IMPORT_MAX_BYTES = 20 * 1024 * 1024
        bank_file_read(zip_bomb(2), fmt="xlsx")
