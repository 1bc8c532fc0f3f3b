"""Every read of part-time jobs a view or another app needs, with its joins."""

from django.db.models import QuerySet
from django.http import Http404

from .models import PartTimeJob, PartTimeJobStep


def jobs_for_workspace() -> QuerySet:
    """The workspace list: most recently changed first (the index ``part_time_job_recent_first``)."""
    return PartTimeJob.objects.select_related("government_organisation", "theme").order_by("-state_changed_at", "-id")


def jobs_of_organisation(organisation) -> QuerySet:
    return jobs_for_workspace().filter(government_organisation=organisation)


def steps_of(job: PartTimeJob) -> QuerySet:
    return PartTimeJobStep.objects.filter(job=job).select_related("by").order_by("at", "id")


def get_job_for_user(user, pk: int) -> PartTimeJob:
    """A part-time job the user may see: coordinators every one, government members their organisation's; else 404."""
    job = jobs_for_workspace().filter(pk=pk).first()
    if job is None:
        raise Http404
    if user.is_coordinator:
        return job
    if user.is_government_member and user.organisation_id == job.government_organisation_id:
        return job
    raise Http404
