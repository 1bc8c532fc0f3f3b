"""The import jobs: an upload is stored, checked (at once when small, by the worker when big) and committed.

The only module of data exchange that writes, and only its own table (``ImportJob``): every record an import brings
goes through the owning app's services (the kind's ``write``, declared in ``<app>/kinds.py``)."""

import datetime as dt
from functools import partial

from django.db import transaction
from django.utils import timezone

from .imports import engine
from .imports.kinds import KINDS
from .models import ImportJob, ImportStatus

# Files up to this size are checked and imported during the request; bigger ones by the background worker.
SYNC_BYTES = 256 * 1024
# Jobs are kept this long after their upload (their content is dropped as soon as they are done).
KEEP = dt.timedelta(days=7)


def start_job(*, kind: str, file_name: str, content: bytes, by) -> ImportJob:
    """Store an upload and check it: now when small, otherwise queued for the worker."""
    from .tasks import check_import

    clean_up()
    job = ImportJob(kind=kind, file_name=file_name[:255], content=content, created_by=by)
    job.full_clean(exclude=["content"])
    job.save()
    if len(content) <= SYNC_BYTES:
        check_job(job.pk)
    else:
        transaction.on_commit(partial(check_import.enqueue, job.pk))
    return job


def set_progress(job_id: int, processed: int, total: int | None = None) -> None:
    values = {"processed_rows": processed}
    if total is not None:
        values["total_rows"] = total
    ImportJob.objects.filter(pk=job_id).update(**values)


def check_job(job_id: int) -> ImportJob:
    """The preview of a stored upload."""
    job = ImportJob.objects.get(pk=job_id)
    kind = KINDS[job.kind]
    data = bytes(job.content)
    analysis = engine.preview(kind, data, progress=partial(set_progress, job_id))
    job.total_rows = job.processed_rows = analysis.rows
    job.report = analysis.report()
    job.status = ImportStatus.CHECKED
    job.save(update_fields=["total_rows", "processed_rows", "report", "status"])
    return job


def request_import(job: ImportJob, *, by) -> bool:
    """Start importing a checked file without errors (now when small, otherwise by the worker); False when it was
    not waiting for that (already started, or it has errors)."""
    from .tasks import run_import

    started = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED, report__error_count=0).update(
        status=ImportStatus.IMPORTING
    )
    if not started:
        return False
    if len(job.content) <= SYNC_BYTES:
        import_job(job.pk, by=by)
    else:
        transaction.on_commit(partial(run_import.enqueue, job.pk, by.pk))
    return True


def import_job(job_id: int, *, by) -> ImportJob:
    """Commit the stored file, all or nothing; the job says what was written or why nothing was."""
    job = ImportJob.objects.get(pk=job_id)
    try:
        analysis = engine.commit(KINDS[job.kind], bytes(job.content), by=by)
    except engine.ImportRefused as refused:
        job.status = ImportStatus.REFUSED
        job.report = refused.analysis.report()
    else:
        job.status = ImportStatus.DONE
        job.report = analysis.report()
        job.content = b""  # the file is not kept once it is in
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "report", "content", "finished_at"])
    return job


def clean_up() -> int:
    """Drop jobs older than ``KEEP`` (their files with them)."""
    deleted, _rows = ImportJob.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return deleted
