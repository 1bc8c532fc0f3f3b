"""The bulk import pages for coordinators: templates, upload, preview (with progress while big files are checked) and
the commit."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnership.access import coordinator_required

from . import jobs
from .forms import UploadForm
from .imports import files
from .imports.bounds import limits
from .imports.kinds import KINDS
from .models import ImportJob

REFRESH_SECONDS = 2


@require_http_methods(["GET", "POST"])
@coordinator_required
def import_start(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = jobs.start_job(
            kind=form.cleaned_data["kind"], file_name=upload.name, content=upload.read(), by=request.user
        )
        return redirect("exchange:import_job", pk=job.pk)
    limit = limits()
    jobs.mark_stale()
    context = {
        "form": form,
        "kinds": KINDS.values(),
        "max_mb": limit.max_mb,
        "max_rows": limit.max_rows,
        "recent": ImportJob.objects.defer("content", "report").select_related("created_by")[:10],
    }
    return render(request, "exchange/import_start.html", context, status=400 if form.errors else 200)


@require_GET
@coordinator_required
def import_template(request, kind, file_format):
    found = KINDS.get(kind)
    if found is None or file_format not in files.CONTENT_TYPES:
        raise Http404
    response = HttpResponse(files.write(found, file_format), content_type=files.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="sjabloon-{found.segment}.{file_format}"'
    return response


def _job(pk) -> ImportJob:
    return get_object_or_404(ImportJob.objects.defer("content"), pk=pk)


@require_GET
@coordinator_required
def import_job(request, pk):
    jobs.mark_stale()
    job = _job(pk)
    kind = KINDS.get(job.kind)
    if kind is None:
        raise Http404
    context = {"job": job, "kind": kind, "report": job.report, "refresh": REFRESH_SECONDS if job.busy else None}
    return render(request, "exchange/import_job.html", context)


@require_POST
@coordinator_required
def import_commit(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    if not jobs.request_import(job, by=request.user):
        messages.error(request, _("This file cannot be imported (again): see the page for why."))
    return redirect("exchange:import_job", pk=job.pk)


@require_POST
@coordinator_required
def import_retry(request, pk):
    """Try an interrupted check or import again, from the stored file: no second upload."""
    job = get_object_or_404(ImportJob, pk=pk)
    if not jobs.retry(job, by=request.user):
        messages.error(request, _("This import was not interrupted: there is nothing to try again."))
    return redirect("exchange:import_job", pk=job.pk)
