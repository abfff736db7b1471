"""Bulk export of transcripts: per-person PDFs into a folder, then one ZIP, both written atomically.

Shared by the Celery job (``tasks.py``) and ``manage.py export_records``. Every step can run twice:
a file already in place is kept, the ZIP is built under a temporary name and renamed at the end, and a
chunk counts towards the progress only the first time it finishes. A job whose progress stops (a worker
killed, a message lost with the filesystem broker) is re-queued by the sweeper, then failed visibly.
"""

import datetime
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lms.queue import task_send, task_send_on_commit
from people.models import Staff

from .documents import transcript_specs
from .models import ExportChunk, ExportJob, JobStatus
from .selectors import staff_employed_between
from .services import documents_render


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def person_filename(staff: Staff) -> str:
    return f"{staff.staff_no}_{staff.name}.pdf".replace("/", "_")


def transcripts_write(*, staff_ids: list[int], year: int, folder: Path) -> int:
    """Render (or reuse) each person's transcript of ``year`` and place it in ``folder``; return the count."""
    start, end = year_bounds(year)
    staff_list = list(Staff.objects.filter(pk__in=staff_ids).select_related("hall", "hall__branch").order_by("pk"))
    folder.mkdir(parents=True, exist_ok=True)
    docs = documents_render(transcript_specs(staff_list, start=start, end=end))
    for staff, doc in zip(staff_list, docs, strict=True):
        target = folder / person_filename(staff)
        if target.is_file() and target.stat().st_size == doc.size:
            continue
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        os.close(fd)
        shutil.copyfile(doc.file_path, tmp)
        os.replace(tmp, target)
    return len(staff_list)


def folder_zip(*, folder: Path, zip_path: Path, replace: bool = False) -> Path:
    """Zip the PDFs of ``folder`` into ``zip_path`` (temporary name, then rename: never a half ZIP).

    An existing ZIP is kept unless ``replace``: a retried job finds its finished ZIP and stops there.
    """
    if zip_path.is_file() and not replace:
        return zip_path
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=zip_path.parent, prefix=".tmp-", suffix=".zip")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
            for pdf in sorted(folder.glob("*.pdf")):
                zf.write(pdf, arcname=pdf.name)
        os.replace(tmp, zip_path)
    except BaseException:
        os.unlink(tmp)
        raise
    return zip_path


def export_staff_ids(*, year: int, hall_id: int | None = None, branch_id: int | None = None) -> list[int]:
    """Return the ids of everyone employed in the scope at any time in ``year``."""
    start, end = year_bounds(year)
    qs = staff_employed_between(start=start, end=end)
    if hall_id:
        qs = qs.filter(hall_id=hall_id)
    if branch_id:
        qs = qs.filter(hall__branch_id=branch_id)
    return list(qs.order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def export_job_plan(*, job_id: int) -> list[int]:
    """Split the job into chunks (once) and return the indexes of the chunks still to do."""
    job = ExportJob.objects.select_for_update().get(pk=job_id)
    if not job.chunks.exists():
        ids = export_staff_ids(year=job.year, hall_id=job.hall_id, branch_id=job.branch_id)
        size = settings.RECORDS_EXPORT_CHUNK
        ExportChunk.objects.bulk_create(
            ExportChunk(job=job, index=n, staff_ids=ids[i : i + size]) for n, i in enumerate(range(0, len(ids), size))
        )
        job.total = len(ids)
        job.status = JobStatus.RUNNING
        job.progress_at = timezone.now()
        job.save(update_fields=["total", "status", "progress_at"])
    return list(job.chunks.filter(done=False).values_list("index", flat=True))


def export_chunk_run(*, job_id: int, index: int) -> bool:
    """Write the chunk's PDFs; return True when this call finished the last chunk of the job."""
    chunk = ExportChunk.objects.filter(job_id=job_id, index=index).first()
    if chunk is None:
        return False
    job = chunk.job
    if job.status not in (JobStatus.PENDING, JobStatus.RUNNING):
        return False  # a re-queued copy after the job finished or failed: its folder is gone, leave it so
    if not chunk.done:
        transcripts_write(staff_ids=chunk.staff_ids, year=job.year, folder=job.folder)
    with transaction.atomic():
        ExportJob.objects.select_for_update().get(pk=job_id)  # serialises chunks: exactly one sees "last"
        locked = ExportChunk.objects.select_for_update().get(pk=chunk.pk)
        if locked.done:
            return False
        locked.done = True
        locked.save(update_fields=["done"])
        ExportJob.objects.filter(pk=job_id).update(done=F("done") + len(locked.staff_ids), progress_at=timezone.now())
        return not ExportChunk.objects.filter(job_id=job_id, done=False).exists()


def export_job_finish(*, job_id: int) -> None:
    """Zip the job's folder (safe to run twice) and mark the job done."""
    job = ExportJob.objects.get(pk=job_id)
    if job.status == JobStatus.FAILED:
        return
    folder_zip(folder=job.folder, zip_path=job.zip_path)
    shutil.rmtree(job.folder, ignore_errors=True)
    ExportJob.objects.filter(pk=job_id).update(status=JobStatus.DONE, done=F("total"), finished_at=timezone.now())


def export_job_queue(*, created_by, year: int, hall=None, branch=None) -> ExportJob | None:
    """Create a job and queue its start; if the broker is down, delete it again and return None."""
    from .tasks import export_job_start  # tasks import this module: import on use

    job = ExportJob.objects.create(created_by=created_by, hall=hall, branch=branch, year=year)
    if task_send(export_job_start, job.pk):
        return job
    job.delete()
    return None


def export_jobs_sweep(*, now: datetime.datetime) -> dict[str, int]:
    """Re-queue the jobs without progress for ``RECORDS_EXPORT_STALL_MINUTES`` (each step is idempotent);
    after ``RECORDS_EXPORT_REQUEUES`` re-queues mark them failed, which their page tells the user."""
    from .tasks import export_job_start

    stale = now - datetime.timedelta(minutes=settings.RECORDS_EXPORT_STALL_MINUTES)
    counts = {"requeued": 0, "failed": 0}
    active = (JobStatus.PENDING, JobStatus.RUNNING)
    for job_id in ExportJob.objects.filter(status__in=active, progress_at__lt=stale).values_list("pk", flat=True):
        with transaction.atomic():
            job = ExportJob.objects.select_for_update().filter(pk=job_id, status__in=active).first()
            if job is None or job.progress_at >= stale:
                continue
            if job.requeues >= settings.RECORDS_EXPORT_REQUEUES:
                job.status, job.finished_at = JobStatus.FAILED, now
                job.save(update_fields=["status", "finished_at"])
                shutil.rmtree(job.folder, ignore_errors=True)
                counts["failed"] += 1
                continue
            job.requeues += 1
            job.progress_at = now
            job.save(update_fields=["requeues", "progress_at"])
            task_send_on_commit(export_job_start, job.pk)
            counts["requeued"] += 1
    return counts
