"""Celery wrappers for the bulk export: fetch by id, call one function, enqueue the next step."""

from celery import shared_task
from django.utils import timezone

from . import exports

TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(**TASK_OPTIONS)
def export_job_start(job_id: int) -> None:
    pending = exports.export_job_plan(job_id=job_id)
    for index in pending:
        export_chunk.delay(job_id, index)
    if not pending:
        export_job_finish.delay(job_id)


@shared_task(**TASK_OPTIONS)
def export_chunk(job_id: int, index: int) -> None:
    if exports.export_chunk_run(job_id=job_id, index=index):
        export_job_finish.delay(job_id)


@shared_task(**TASK_OPTIONS)
def export_job_finish(job_id: int) -> None:
    exports.export_job_finish(job_id=job_id)


@shared_task(**TASK_OPTIONS)
def export_jobs_sweep() -> dict[str, int]:
    """Beat, every 5 minutes: re-queue or fail the export jobs whose progress stopped."""
    return exports.export_jobs_sweep(now=timezone.now())
