"""Background tasks of data exchange: checking and importing big files (DEVELOPERS.md, "Background tasks").

They run on a queue of their own ("imports", its own worker in `make serve` and `make worker`), so mail never waits
behind a big file; each is stopped at ``IMPORT_LIMITS["time_limit"]`` seconds and may grow the worker by at most
``IMPORT_LIMITS["max_memory"]`` bytes while the engine reads and checks a file (``jobs.memory_limit``): the job
then says which."""

import datetime as dt

from django_tasks import task

from partnership.models import User
from partnership.tasks import schedule_daily

from . import jobs
from .imports import bounds

QUEUE = "imports"
SWEEP_AT = dt.time(4, 30)


def _limited(run, *args, **kwargs):
    limit = bounds.limits()
    with jobs.time_limit(limit.time_limit), jobs.memory_bound(limit.max_memory):
        return run(*args, **kwargs)


@task(queue_name=QUEUE)
def check_import(job_id: int, attempt: int | None = None) -> dict:
    job = _limited(jobs.run_check, job_id, attempt)
    if job is None:
        return {"skipped": True}
    return {"status": job.status, "rows": job.total_rows, "errors": job.report.get("error_count", 0)}


@task(queue_name=QUEUE)
def run_import(job_id: int, user_id: int | None, attempt: int | None = None) -> dict:
    by = User.objects.filter(pk=user_id).first() if user_id else None
    job = _limited(jobs.run_import_job, job_id, attempt, by=by)
    return {"skipped": True} if job is None else {"status": job.status}


@task()  # on the default queue: it must run when the imports' worker is the one that died
def sweep_import_jobs() -> dict:
    """Every night: mark the jobs whose worker died interrupted, drop the old ones; then queue the next run."""
    try:
        return {"interrupted": jobs.mark_stale(), "deleted": jobs.clean_up()}
    finally:
        schedule_daily(sweep_import_jobs, SWEEP_AT)
