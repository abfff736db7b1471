"""Bulk export under faults: the sweeper re-queues stalled jobs then fails them visibly; a broker that is
down gives a clear message and leaves no job behind (eager Celery; the real worker is in
``test_export_worker.py``)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from kombu.exceptions import OperationalError

from records.exports import export_chunk_run, export_job_plan, export_jobs_sweep
from records.models import ExportJob, JobStatus
from records.tasks import export_job_start
from tests.conftest import make_staff

START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def stalled_job(org, settings):
    """A job of five people in chunks of two whose worker died after the first chunk."""
    settings.RECORDS_EXPORT_CHUNK = 2
    for i in range(2):
        make_staff(org["hall_a"], staff_no=f"S{i}")
    with time_machine.travel(START, tick=False):
        job = ExportJob.objects.create(created_by=org["hr"], hall=org["hall_a"], year=2026)
        assert export_job_plan(job_id=job.pk) == [0, 1, 2]
        export_chunk_run(job_id=job.pk, index=0)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.progress_at) == (JobStatus.RUNNING, 2, 5, START)
    return job


def test_sweeper_leaves_a_job_alone_until_its_progress_is_stale_then_finishes_it(
    stalled_job, settings, django_capture_on_commit_callbacks
):
    settings.RECORDS_EXPORT_STALL_MINUTES = 10
    edge = START + datetime.timedelta(minutes=10)
    assert export_jobs_sweep(now=edge) == {"requeued": 0, "failed": 0}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert export_jobs_sweep(now=edge + datetime.timedelta(seconds=1)) == {"requeued": 1, "failed": 0}
    assert len(callbacks) == 1
    stalled_job.refresh_from_db()
    assert (stalled_job.status, stalled_job.done, stalled_job.requeues) == (JobStatus.DONE, 5, 1)
    assert stalled_job.zip_path.is_file()


def test_sweeper_fails_a_job_after_the_last_requeue_and_its_page_says_so(
    stalled_job, settings, client, org, monkeypatch
):
    settings.RECORDS_EXPORT_STALL_MINUTES, settings.RECORDS_EXPORT_REQUEUES = 10, 2
    sent = []
    monkeypatch.setattr(export_job_start, "apply_async", lambda args, kwargs, **options: sent.append(args))
    now = START
    for expected in ({"requeued": 1, "failed": 0}, {"requeued": 1, "failed": 0}, {"requeued": 0, "failed": 1}):
        now += datetime.timedelta(minutes=11)  # each re-queue made no progress (the message was lost too)
        assert export_jobs_sweep(now=now) == expected
    stalled_job.refresh_from_db()
    assert (stalled_job.status, stalled_job.requeues, stalled_job.finished_at) == (JobStatus.FAILED, 2, now)
    assert not stalled_job.folder.exists()
    assert export_jobs_sweep(now=now + datetime.timedelta(hours=1)) == {"requeued": 0, "failed": 0}
    assert export_chunk_run(job_id=stalled_job.pk, index=1) is False  # a late copy does nothing
    client.force_login(org["hr"])
    page = client.get(reverse("records:export_detail", args=[stalled_job.pk])).content.decode()
    assert "导出多次中断，已停止" in page and 'http-equiv="refresh"' not in page


def _broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")


def test_starting_an_export_with_the_broker_down_says_so_and_leaves_no_job(client, org, monkeypatch):
    monkeypatch.setattr(export_job_start, "apply_async", _broker_down)
    client.force_login(org["hr"])
    response = client.post(reverse("records:exports"), {"hall": org["hall_a"].pk, "year": 2026})
    assert response.status_code == 503
    assert "任务队列暂不可用，请稍后再试。" in response.content.decode()
    assert not ExportJob.objects.exists()
    page = client.get(reverse("records:exports")).content.decode()
    assert page.count("任务队列暂不可用") == 0  # shown once, in the form, not again as a message
