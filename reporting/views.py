"""The coordinators' dashboard with its downloads, reach figures and the public figures."""

import base64
import hashlib
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partnership.access import coordinator_required, public_response
from partnership.lists import paginate

from . import cache as figures_cache
from . import dcat, exports, pdf, releases, selectors, services
from .forms import PeildatumForm, PublishedDateForm, PublishReleaseForm, ReachFigureForm, ReleasePreviewForm
from .models import Release, ReleaseKind, ReleaseStatus
from .tables import ReleaseTable

# A release never changes: its download may be kept by anyone for as long as they like.
IMMUTABLE_MAX_AGE = 365 * 24 * 60 * 60


def _peildatum(request, *, with_compare=True):
    """The form and the dates it gives; invalid dates fall back to today (reference) or no comparison; without
    any date the reference date is one with data (``selectors.default_as_of``)."""
    keys = ("as_of", "compare") if with_compare else ("as_of",)
    data = {key: request.GET[key] for key in keys if key in request.GET}
    form = PeildatumForm(data or None)
    if not with_compare:
        form.fields.pop("compare")
    as_of, compare = form.dates()
    if not form.is_bound:  # nothing asked for: a date with data (six aggregates: kept per day and generation)
        as_of = figures_cache.cached("default-as-of", timezone.localdate(), selectors.default_as_of)
    return form, as_of, (compare if with_compare else None)


def _status(form):
    return 400 if form.is_bound and form.errors else 200


def _date_error(form):
    errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
    return _("Invalid date: %(errors)s") % {"errors": " ".join(errors)}


@require_GET
@coordinator_required
def dashboard(request):
    form, as_of, compare = _peildatum(request)
    context = selectors.dashboard(as_of, compare)
    query = {"as_of": as_of.isoformat()}
    context.update(form=form, download_query=f"as_of={as_of.isoformat()}", query=query)
    return render(request, "reporting/dashboard.html", context, status=_status(form))


def _bad_date_json(form):
    return JsonResponse({"error": _date_error(form)}, status=400)


def _bad_date_text(form):
    return HttpResponse(_date_error(form), status=400, content_type="text/plain; charset=utf-8")


def _download(bad_date):
    """A coordinator's download of the figures at the reference date asked for: the view is given the date; an
    invalid one gets ``bad_date(form)`` (400, in the download's own format)."""

    def decorate(view):
        @require_GET
        @coordinator_required
        @wraps(view)
        def download(request):
            form, as_of, _compare = _peildatum(request, with_compare=False)
            if _status(form) == 400:
                return bad_date(form)
            return view(request, as_of)

        return download

    return decorate


@_download(_bad_date_json)
def dashboard_json(request, as_of):
    figures = figures_cache.figures(as_of)
    figures["reach"] = [
        {
            "period_start": reach.period_start.isoformat(),
            "period_end": reach.period_end.isoformat(),
            "website_visitors": reach.website_visitors,
            "returning_visitors_percent": float(reach.returning_visitors_percent),
            "follower_growth_percent": float(reach.follower_growth_percent),
        }
        for reach in selectors.reach_figures(as_of)
    ]
    response = JsonResponse(figures, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="i-partnerschap-cijfers-{as_of.isoformat()}.json"'
    return response


@_download(_bad_date_text)
def dashboard_csv(request, as_of):
    rows = selectors.csv_rows(figures_cache.figures(as_of))
    return exports.csv_response(rows, f"i-partnerschap-cijfers-{as_of.isoformat()}.csv")


@_download(_bad_date_text)
def dashboard_pdf(request, as_of):
    document = figures_cache.cached("infographic-pdf", as_of, pdf.render_infographic)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="i-partnerschap-infographic-{as_of.isoformat()}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@coordinator_required
def reach_create(request):
    form = ReachFigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reach = form.save()
        messages.success(request, _("The reach figures for %(period)s have been saved.") % {"period": reach})
        return redirect(f"{reverse('dashboard')}?as_of={reach.period_end.isoformat()}#kennisdeling")
    return render(request, "reporting/reach_form.html", {"form": form}, status=400 if form.errors else 200)


# --- the public figures: published releases --------------------------------------------------------


def _shareable(request, response):
    """Mark a public page shared-cacheable only when it carries nothing of one visitor: not logged in (no menu,
    no CSRF token) and no flash message (a message waiting in a cookie is shown on whatever page comes next)."""
    if response.status_code == 200 and not request.user.is_authenticated and not len(messages.get_messages(request)):
        return public_response(request, response)
    patch_cache_control(response, private=True)
    return response


def _chosen_release(request):
    """(form, the release to show or ``None``, every version of its date, HTTP status) from ``?as_of=&versie=``
    (or ``?peildatum=``):
    the newest published date and version unless the visitor chose others; a choice that names nothing
    published shows the newest with the error (400)."""
    dates = selectors.published_dates()
    data = {key: request.GET[key] for key in ("as_of", "versie") if key in request.GET}
    # The open-data API's name for the date (``?peildatum=``) works here too; ``as_of`` wins when both are given.
    if "peildatum" in request.GET and "as_of" not in data:
        data["as_of"] = request.GET["peildatum"]
    form = PublishedDateForm(data or None, dates=dates)
    if not dates:
        return form, None, [], 400 if form.is_bound else 200
    valid = form.is_valid() if form.is_bound else True
    cleaned = getattr(form, "cleaned_data", {})
    as_of = cleaned.get("as_of") or dates[0]
    versions = selectors.release_versions(as_of)
    release = versions[0]
    wanted = cleaned.get("versie")
    if wanted is not None:
        chosen = next((version for version in versions if version.version == wanted), None)
        if chosen is None:
            form.add_error("versie", _("This reference date has no version %(version)s.") % {"version": wanted})
            valid = False
        else:
            release = chosen
    return form, release, versions, 200 if valid else 400


def _release_content(release):
    """The figures of a release as HTML: rendered once per release and language, then kept (it never changes)."""
    key = f"public-release:{release.pk}:{release.sha256[:16]}:{get_language()}"
    content = cache.get(key)
    if content is None:
        content = render_to_string("reporting/public_figures_content.html", selectors.public_release(release))
        cache.set(key, content, None)
    return content


@require_GET
def public_figures(request):
    form, release, versions, status = _chosen_release(request)
    context = {"form": form, "release": release, "versions": versions}
    if release is not None:
        context.update(
            content=_release_content(release),
            latest=versions[0],
            earlier=[version for version in versions if version.pk != versions[0].pk],
        )
    return _shareable(request, render(request, "reporting/public_figures.html", context, status=status))


def _text(message, status):
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


@require_GET
def public_figures_csv(request):
    form, release, _versions, status = _chosen_release(request)
    if status == 400:
        errors = " ".join(str(error) for field_errors in form.errors.values() for error in field_errors)
        return _text(errors or _("No figures have been published yet."), 400)
    if release is None:
        return _text(_("No figures have been published yet."), 404)
    filename = f"i-partnerschap-open-data-{release.as_of.isoformat()}-v{release.version}.csv"
    return _shareable(request, exports.csv_response(selectors.release_csv_rows(release), filename))


@require_GET
def release_download(request, pk):
    """A release's figures exactly in their canonical form: ``sha256sum`` of this file is the published hash."""
    release = get_object_or_404(Release, pk=pk)
    content = releases.canonical_json(release.payload)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="i-partnerschap-cijfers-{release.as_of.isoformat()}-v{release.version}.json"'
    )
    digest = base64.b64encode(hashlib.sha256(content).digest()).decode()
    response["Repr-Digest"] = f"sha-256=:{digest}:"  # RFC 9530
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=IMMUTABLE_MAX_AGE, immutable=True)
    return response


@require_GET
def catalogue(request):
    """The DCAT-AP-NL 3.0 catalogue of the open data: the dataset, each release a distribution, and the API."""
    document = dcat.catalogue(selectors.catalogue_releases(), base=request.build_absolute_uri("/").rstrip("/"))
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return public_response(request, response)


# --- publishing: the coordinators' side ------------------------------------------------------------


@require_GET
@coordinator_required
def release_list(request):
    table = paginate(request, ReleaseTable(selectors.releases_for_coordinators(), caption=_("Published figures")))
    return render(request, "reporting/release_list.html", {"table": table})


def _choices(values, choices):
    labels = dict(choices.choices)
    return [(value, labels[value]) for value in values]


def _preview(as_of, post=None):
    """What publishing the figures of ``as_of`` now would publish, against the newest version of that date."""
    figures = figures_cache.figures(as_of)
    payload = releases.payload(figures)
    digest = releases.sha256(payload)
    previous = selectors.latest_release(as_of)
    publish_form = PublishReleaseForm(
        post,
        initial={"as_of": as_of.isoformat(), "sha256": digest},
        statuses=_choices(services.allowed_statuses(previous), ReleaseStatus),
        kinds=_choices(services.allowed_kinds(previous), ReleaseKind),
        needs_reason=previous is not None,
    )
    changed = {item["key"] for item in releases.differences(previous.payload, payload)} if previous else set()
    before = {item["sleutel"]: item["waarde"] for item in previous.payload["cijfers"]} if previous else {}
    rows = [
        {
            "key": item["sleutel"],
            "label": item["label"],
            "value": releases.shown(item["waarde"]),
            "previous": releases.shown(before.get(item["sleutel"])),
            "changed": item["sleutel"] in changed,
        }
        for item in payload["cijfers"]
    ]
    return {
        "as_of": as_of,
        "sha256": digest,
        "previous": previous,
        "rows": rows,
        "changed_count": len(changed),
        "publish_form": publish_form,
    }


@require_http_methods(["GET", "POST"])
@coordinator_required
def release_create(request):
    """Step 1 (GET): choose a reference date and see what would be published. Step 2 (POST): publish it."""
    if request.method == "POST":
        date_form = ReleasePreviewForm({"as_of": request.POST.get("as_of", "")})
        if not date_form.is_valid():
            return render(request, "reporting/release_form.html", {"date_form": date_form}, status=400)
        context = _preview(date_form.cleaned_data["as_of"], request.POST)
        publish_form = context["publish_form"]
        if publish_form.is_valid():
            data = publish_form.cleaned_data
            try:
                release = services.publish_release(
                    as_of=data["as_of"],
                    status=data["status"],
                    kind=data["kind"],
                    reason=data["reason"],
                    by=request.user,
                    expected_sha256=data["sha256"],
                )
            except ValidationError as error:
                if isinstance(error, services.StalePreview):
                    # show the new preview, with its own hash, and ask again
                    context = _preview(date_form.cleaned_data["as_of"])
                context["error"] = " ".join(error.messages)
            else:
                messages.success(
                    request,
                    _("Version %(version)s of the figures of %(date)s has been published.")
                    % {"version": release.version, "date": release.as_of.strftime("%d-%m-%Y")},
                )
                return redirect("release_list")
        context["date_form"] = date_form
        return render(request, "reporting/release_form.html", context, status=400)

    date_form = ReleasePreviewForm(request.GET or None)
    if not date_form.is_bound or not date_form.is_valid():
        status = 400 if date_form.is_bound else 200
        return render(request, "reporting/release_form.html", {"date_form": date_form}, status=status)
    context = _preview(date_form.cleaned_data["as_of"])
    context["date_form"] = date_form
    return render(request, "reporting/release_form.html", context)
