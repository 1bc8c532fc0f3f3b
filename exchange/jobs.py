"""The import jobs: an upload is stored, checked (at once when small, by the worker when big) and committed.

Every job ends in a state a coordinator can act on: checked (with its preview), imported, refused (the file's
errors), failed (the file took longer than the time limit, or could not be read: the reason is shown) or interrupted
(the database or the worker went away: "try again" runs it once more from the stored file). A busy job whose worker
died is found by its heartbeat (``mark_stale``, run whenever an import page is shown and every night).

The only module of data exchange that writes, and only its own table (``ImportJob``): every record an import brings
goes through the owning app's services (the kind's ``write``, declared in ``<app>/kinds.py``)."""

import datetime as dt
import logging
import os
import resource
import signal
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .imports import bounds, engine
from .imports.kinds import KINDS
from .models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)

# Files up to this size are checked and imported during the request; bigger ones by the background worker.
SYNC_BYTES = 256 * 1024
# Jobs are kept this long after their upload (their content is dropped as soon as they are done).
KEEP = dt.timedelta(days=7)
# A busy job silent for longer than the time limit and this margin lost its worker.
STALE_MARGIN = dt.timedelta(minutes=5)
# Marking a job interrupted after the database went away: tries, the first waits this long, then twice as long.
MARK_TRIES = 4
MARK_WAIT_SECONDS = 0.5
LOST_DATABASE = (OperationalError, InterfaceError)
# The extra memory the engine may take to read and check one file: set by the imports' worker for its tasks
# (``exchange.tasks``, ``IMPORT_LIMITS["max_memory"]``); 0, no bound, in a request (small files only, SYNC_BYTES).
MEMORY_BOUND: ContextVar[int] = ContextVar("import_memory_bound", default=0)


def start_job(*, kind: str, file_name: str, content: bytes, by) -> ImportJob:
    """Store an upload and check it: now when small, otherwise queued for the worker."""
    clean_up()
    job = ImportJob(
        kind=kind, file_name=file_name[:255], content=content, created_by=by, attempt=1, heartbeat_at=timezone.now()
    )
    job.full_clean(exclude=["content"])
    job.save()
    _dispatch(job.pk, ImportStatus.CHECKING, 1, len(content), by)
    job.refresh_from_db()
    return job


def _dispatch(job_id: int, status: str, attempt: int, size: int, by) -> None:
    from .tasks import check_import, run_import

    if size <= SYNC_BYTES:
        if status == ImportStatus.CHECKING:
            run_check(job_id, attempt)
        else:
            run_import_job(job_id, attempt, by=by)
    elif status == ImportStatus.CHECKING:
        transaction.on_commit(partial(check_import.enqueue, job_id, attempt))
    else:
        transaction.on_commit(partial(run_import.enqueue, job_id, by.pk if by else None, attempt))


def set_progress(job_id: int, processed: int, total: int | None = None) -> None:
    values = {"processed_rows": processed, "heartbeat_at": timezone.now()}
    if total is not None:
        values["total_rows"] = total
    ImportJob.objects.filter(pk=job_id).update(**values)


def _claim(job_id: int, attempt: int | None, status: str) -> bool:
    """Whether this run is the job's current attempt at ``status`` (and note that it started)."""
    jobs = ImportJob.objects.filter(pk=job_id, status=status)
    if attempt is not None:
        jobs = jobs.filter(attempt=attempt)
    return bool(jobs.update(heartbeat_at=timezone.now()))


def run_check(job_id: int, attempt: int | None = None) -> ImportJob | None:
    """Check the stored file of the job's current attempt; whatever happens, the job ends in a state of its own."""
    if not _claim(job_id, attempt, ImportStatus.CHECKING):
        return None
    try:
        return check_job(job_id)
    except LOST_DATABASE as error:
        _end_after_lost_database(job_id, attempt, ImportStatus.CHECKING, error)
    except bounds.FileProblem as problem:  # the worker's time limit, outside the reader's own checks
        _after_timer()
        _end(job_id, attempt, ImportStatus.CHECKING, ImportStatus.FAILED, str(problem))
    except MemoryError:
        pass  # outside the handler, where the frames that held the memory are gone
    else:
        return ImportJob.objects.defer("content").filter(pk=job_id).first()
    _after_timer()
    _end(job_id, attempt, ImportStatus.CHECKING, ImportStatus.FAILED, str(bounds.memory_exceeded(bounds.limits())))
    return ImportJob.objects.defer("content").filter(pk=job_id).first()


def check_job(job_id: int) -> ImportJob:
    """The preview of a stored upload."""
    job = ImportJob.objects.get(pk=job_id)
    kind = KINDS[job.kind]
    data = bytes(job.content)
    with memory_limit(MEMORY_BOUND.get()):  # the stored file is loaded already: the bound is the engine's own
        analysis = engine.preview(kind, data, progress=partial(set_progress, job_id))
    job.total_rows = job.processed_rows = analysis.rows
    job.report = analysis.report()
    job.status = ImportStatus.CHECKED
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["total_rows", "processed_rows", "report", "status", "heartbeat_at"])
    return job


def request_import(job: ImportJob, *, by) -> bool:
    """Start importing a checked file without errors (now when small, otherwise by the worker); False when it was
    not waiting for that (already started, or it has errors)."""
    started = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED, report__error_count=0).update(
        status=ImportStatus.IMPORTING, attempt=F("attempt") + 1, heartbeat_at=timezone.now()
    )
    if not started:
        return False
    job.refresh_from_db(fields=["attempt"])
    _dispatch(job.pk, ImportStatus.IMPORTING, job.attempt, len(job.content), by)
    return True


def run_import_job(job_id: int, attempt: int | None = None, *, by) -> ImportJob | None:
    """Commit the stored file of the job's current attempt; whatever happens, the job ends in a state of its own."""
    if not _claim(job_id, attempt, ImportStatus.IMPORTING):
        return None
    try:
        return import_job(job_id, by=by)
    except LOST_DATABASE as error:
        _end_after_lost_database(job_id, attempt, ImportStatus.IMPORTING, error)
    except bounds.FileProblem:  # the worker's time limit
        _after_timer()
        message = _(
            "Importing took longer than the limit of %(seconds)s seconds; nothing was changed. Split the file."
        ) % {"seconds": bounds.limits().time_limit}
        _end(job_id, attempt, ImportStatus.IMPORTING, ImportStatus.FAILED, message)
    except MemoryError:
        pass  # outside the handler, where the frames that held the memory are gone (the transaction rolled back)
    else:
        return ImportJob.objects.defer("content").filter(pk=job_id).first()
    _after_timer()
    message = _("The server ran out of memory while importing; nothing was changed. Split the file.")
    _end(job_id, attempt, ImportStatus.IMPORTING, ImportStatus.FAILED, message)
    return ImportJob.objects.defer("content").filter(pk=job_id).first()


def import_job(job_id: int, *, by) -> ImportJob:
    """Commit the stored file, all or nothing; the job says what was written or why nothing was."""
    job = ImportJob.objects.get(pk=job_id)
    try:
        # not bounded again: the file passed its check, which was (a 100,000-row file needs about 240 MB there)
        analysis = engine.commit(KINDS[job.kind], bytes(job.content), by=by)
    except engine.ImportRefused as refused:
        job.status = ImportStatus.REFUSED
        job.report = refused.analysis.report()
    else:
        job.status = ImportStatus.DONE
        job.report = analysis.report()
        job.content = b""  # the file is not kept once it is in
    job.finished_at = job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "report", "content", "finished_at", "heartbeat_at"])
    return job


def _end(job_id: int, attempt: int | None, during: str, status: str, reason: str) -> bool:
    """End the job's attempt at ``during`` as ``status`` (failed or interrupted) with the reason shown to the user."""
    jobs = ImportJob.objects.filter(pk=job_id, status=during)
    if attempt is not None:
        jobs = jobs.filter(attempt=attempt)
    now = timezone.now()
    return bool(
        jobs.update(
            status=status,
            reason=reason,
            interrupted_during=during if status == ImportStatus.INTERRUPTED else "",
            finished_at=now,
            heartbeat_at=now,
        )
    )


def _end_after_lost_database(job_id: int, attempt: int | None, during: str, error: Exception) -> None:
    """The database went away mid-way (its transaction rolled back): mark the job interrupted as soon as the
    database answers again; if it stays away, ``mark_stale`` marks it later."""
    logger.warning("Import job %s interrupted: %s", job_id, str(error).splitlines()[0] if str(error) else error)
    reason = _("The connection to the database was lost; nothing was changed. Try again.")
    wait = MARK_WAIT_SECONDS
    for _try in range(MARK_TRIES):
        connection.close()  # the broken connection; the next query opens a new one
        try:
            _end(job_id, attempt, during, ImportStatus.INTERRUPTED, reason)
            return
        except LOST_DATABASE:
            time.sleep(wait)
            wait *= 2
    logger.error("Import job %s could not be marked interrupted; the stale check will", job_id)


def _after_timer() -> None:
    """The timer may have stopped a query half-way: the worker continues on a new connection."""
    if not connection.in_atomic_block:
        connection.close()


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=bounds.limits().time_limit) + STALE_MARGIN


def mark_stale(now: dt.datetime | None = None) -> int:
    """Mark every busy job without a sign of life for longer than ``stale_after()`` interrupted (its worker died or
    never came): the coordinator can try it again. Returns how many."""
    now = now or timezone.now()
    cutoff = now - stale_after()
    minutes = round(stale_after().total_seconds() / 60)
    reason = _(
        "The work stopped without finishing (no sign of it for %(minutes)s minutes); nothing was changed. Try again."
    ) % {"minutes": minutes}
    marked = 0
    for during in (ImportStatus.CHECKING, ImportStatus.IMPORTING):
        silent = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
        marked += ImportJob.objects.filter(silent, status=during).update(
            status=ImportStatus.INTERRUPTED, interrupted_during=during, reason=reason, finished_at=now
        )
    return marked


def retry(job: ImportJob, *, by) -> bool:
    """Run an interrupted job's check or import again from its stored file; False when it was not interrupted."""
    during = job.interrupted_during or ImportStatus.CHECKING
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.INTERRUPTED).update(
        status=during,
        attempt=F("attempt") + 1,
        heartbeat_at=timezone.now(),
        interrupted_during="",
        reason="",
        finished_at=None,
    )
    if not updated:
        return False
    job.refresh_from_db(fields=["attempt", "status"])
    _dispatch(job.pk, during, job.attempt, len(job.content), by)
    return True


@contextmanager
def time_limit(seconds: int):
    """Stop the work inside after ``seconds`` with ``TimeLimitExceeded`` (a FileProblem), by a timer signal: it
    interrupts the reader, the checks and a waiting query alike. Only where signals can be used (the worker's main
    thread); elsewhere the readers' own deadline is the limit."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return
    limit = bounds.limits()

    def stop(signum, frame):
        raise bounds.time_limit_exceeded(limit)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _address_space() -> int | None:
    """The process's present virtual memory size in bytes (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def memory_limit(extra: int):
    """Let the process grow by at most ``extra`` bytes of address space inside (``RLIMIT_AS``, soft limit): past it
    an allocation fails with ``MemoryError``, which the engine and the jobs turn into a Dutch sentence naming the
    bound, and the worker lives on. For the imports' worker only (``MEMORY_BOUND``; the limit is the whole
    process's, so never in a web server's threads); a no-op for 0 or where the size cannot be read."""
    present = _address_space() if extra > 0 else None
    if present is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    bound = present + extra
    if hard != resource.RLIM_INFINITY:
        bound = min(bound, hard)
    if soft != resource.RLIM_INFINITY:
        bound = min(bound, soft)  # an operator's own, lower limit stays
    resource.setrlimit(resource.RLIMIT_AS, (bound, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextmanager
def memory_bound(extra: int):
    """The imports' worker: checks and imports inside may take at most ``extra`` bytes more (``memory_limit``)."""
    token = MEMORY_BOUND.set(extra)
    try:
        yield
    finally:
        MEMORY_BOUND.reset(token)


def clean_up() -> int:
    """Drop jobs older than ``KEEP`` (their files with them)."""
    deleted, _rows = ImportJob.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return deleted
