"""Background tasks of data exchange: checking and importing big files (DEVELOPERS.md, "Background tasks")."""

from django_tasks import task

from partnership.models import User

from . import jobs


@task()
def check_import(job_id: int) -> dict:
    job = jobs.check_job(job_id)
    return {"rows": job.total_rows, "errors": job.report.get("error_count", 0)}


@task()
def run_import(job_id: int, user_id: int) -> dict:
    job = jobs.import_job(job_id, by=User.objects.filter(pk=user_id).first())
    return {"status": job.status}
