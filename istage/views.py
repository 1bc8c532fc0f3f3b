"""A government partner's part-time jobs: the organisation's list, a request, one job with its dated history.
Coordinators manage them in the workspace (``istage.kinds``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partnership.access import government_member_required, member_or_coordinator_required
from partnership.selectors import history_for

from . import forms, selectors, services


@government_member_required
def my_jobs(request):
    jobs = selectors.jobs_of_organisation(request.user.organisation)[:200]
    return render(request, "istage/my_jobs.html", {"jobs": jobs})


@government_member_required
@require_http_methods(["GET", "POST"])
def job_request(request):
    form = forms.JobRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.request_job(
                by=request.user, government_organisation=request.user.organisation, **form.cleaned_data
            )
        except ValidationError as error:
            for name, errors in getattr(error, "message_dict", {None: error.messages}).items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The part-time job has been requested. The programme office will contact you."))
            return redirect("istage:job_detail", pk=job.pk)
    return render(request, "istage/job_request.html", {"form": form}, status=400 if form.errors else 200)


@member_or_coordinator_required
def job_detail(request, pk):
    job = selectors.get_job_for_user(request.user, pk)
    context = {"job": job, "steps": selectors.steps_of(job)}
    if request.user.is_coordinator:
        context["audit_trail"] = history_for(job)
    return render(request, "istage/job_detail.html", context)
