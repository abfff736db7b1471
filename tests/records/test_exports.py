"""Bulk export: the command, the chunked job (eager here), idempotent retries, HR-only pages."""

import datetime
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from records.exports import export_chunk_run, export_job_finish, export_job_plan, export_staff_ids, transcripts_write
from records.models import ExportJob, JobStatus
from tests.conftest import make_staff

from .conftest import add_event
from .helpers import needs_poppler, pdf_text


@pytest.fixture
def hall_people(org):
    hall = org["hall_a"]
    left_2025 = make_staff(
        hall, staff_no="OLD", hired_on=datetime.date(2020, 1, 1), left_on=datetime.date(2025, 12, 31)
    )
    left_mid = make_staff(
        hall, staff_no="MID", name="王中途", hired_on=datetime.date(2020, 1, 1), left_on=datetime.date(2026, 6, 30)
    )
    future = make_staff(hall, staff_no="NEW", hired_on=datetime.date(2027, 1, 1))
    add_event(left_mid, datetime.date(2026, 3, 3), topic="安全保密教育", score=88)
    return {"in": ["MA", "A1", "A2", "MID"], "out": [left_2025.staff_no, future.staff_no]}


def test_export_scope_is_everyone_employed_in_the_hall_at_any_time_of_the_year(org, hall_people):
    from people.models import Staff

    ids = export_staff_ids(year=2026, hall_id=org["hall_a"].pk)
    assert sorted(Staff.objects.filter(pk__in=ids).values_list("staff_no", flat=True)) == sorted(hall_people["in"])


@needs_poppler
def test_export_records_command_writes_one_pdf_per_person(org, hall_people, tmp_path):
    call_command("export_records", hall="HA", year=2026, out=tmp_path / "out")
    files = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert [f.split("_")[0] for f in files] == sorted(hall_people["in"])
    mid = next((tmp_path / "out").glob("MID_*.pdf")).read_bytes()
    assert "王中途" in pdf_text(mid) and "88" in pdf_text(mid)


def test_export_records_command_zip(org, hall_people, tmp_path):
    out = tmp_path / "zip-out"
    call_command("export_records", hall="HA", year=2026, out=out, zip=True)
    [archive] = list(out.glob("*.zip"))
    with zipfile.ZipFile(archive) as zf:
        assert zf.testzip() is None
        assert sorted(n.split("_")[0] for n in zf.namelist()) == sorted(hall_people["in"])
    assert list(out.iterdir()) == [archive]  # no temporary folder left behind


def test_export_records_command_rejects_unknown_hall(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_records", hall="NOPE", year=2026, out=tmp_path)


def test_job_chunks_are_idempotent_and_progress_counts_each_person_once(org, hall_people, settings):
    settings.RECORDS_EXPORT_CHUNK = 3
    job = ExportJob.objects.create(created_by=org["hr"], hall=org["hall_a"], year=2026)
    assert export_job_plan(job_id=job.pk) == [0, 1]
    assert export_job_plan(job_id=job.pk) == [0, 1]  # planning twice does not add chunks
    assert export_chunk_run(job_id=job.pk, index=0) is False
    assert export_chunk_run(job_id=job.pk, index=0) is False  # a retried chunk: no double count
    job.refresh_from_db()
    assert (job.done, job.total) == (3, 4)
    assert export_chunk_run(job_id=job.pk, index=1) is True
    export_job_finish(job_id=job.pk)
    export_job_finish(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.percent == 100
    with zipfile.ZipFile(job.zip_path) as zf:
        assert len(zf.namelist()) == 4
    assert not list(job.zip_path.parent.glob(".tmp-*"))


def test_hr_runs_export_job_and_downloads_zip(client, org, hall_people, django_capture_on_commit_callbacks):
    client.force_login(org["hr"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("records:exports"), {"hall": org["hall_a"].pk, "year": 2026})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("records:export_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE  # eager Celery in tests
    page = client.get(reverse("records:export_detail", args=[job.pk])).content.decode()
    assert "<progress" in page and "4 / 4" in page
    download = client.get(reverse("records:export_download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].endswith('transcripts_HA_2026.zip"')


def test_export_pages_are_hr_only(client, org):
    client.force_login(org["manager_a"].user)
    assert client.get(reverse("records:exports")).status_code == 404
    job = ExportJob.objects.create(created_by=org["hr"], year=2026)
    assert client.get(reverse("records:export_download", args=[job.pk])).status_code == 404


def test_export_form_rejects_hall_and_branch_together(client, org):
    client.force_login(org["hr"])
    response = client.post(
        reverse("records:exports"), {"hall": org["hall_a"].pk, "branch": org["hall_a"].branch_id, "year": 2026}
    )
    assert response.status_code == 200 and not ExportJob.objects.exists()


def test_writing_a_chunk_takes_a_fixed_number_of_queries(org, tmp_path, django_assert_max_num_queries):
    people = [make_staff(org["hall_a"]) for _ in range(6)]
    for p in people:
        add_event(p, datetime.date(2026, 4, 1), score=75)
    ids = [p.pk for p in people]
    with django_assert_max_num_queries(18):  # events, quiz results (2), documents and the rules engine's fixed set
        transcripts_write(staff_ids=ids, year=2026, folder=tmp_path / "a")
    # all cached now: no rendering, no insert (PostgreSQL 13: one more than SQLite, the active programs)
    with django_assert_max_num_queries(13):
        transcripts_write(staff_ids=ids, year=2026, folder=tmp_path / "b")
    assert len(list((tmp_path / "b").glob("*.pdf"))) == 6
