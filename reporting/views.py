"""The coordinators' dashboard with its downloads, reach figures and the public figures."""

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partnership.access import coordinator_required, public_response

from . import cache as figures_cache
from . import exports, pdf, selectors
from .figures import compute_figures
from .forms import PeildatumForm, ReachFigureForm

PUBLIC_CACHE_SECONDS = 15 * 60


def _peildatum(request, *, with_compare=True):
    """The form and the dates it gives; invalid dates fall back to today (reference) or no comparison."""
    keys = ("as_of", "compare") if with_compare else ("as_of",)
    data = {key: request.GET[key] for key in keys if key in request.GET}
    form = PeildatumForm(data or None)
    if not with_compare:
        form.fields.pop("compare")
    as_of, compare = form.dates()
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


@require_GET
@coordinator_required
def dashboard_json(request):
    form, as_of, _compare = _peildatum(request, with_compare=False)
    if _status(form) == 400:
        return JsonResponse({"error": _date_error(form)}, status=400)
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


def _bad_date_text(form):
    return HttpResponse(_date_error(form), status=400, content_type="text/plain; charset=utf-8")


@require_GET
@coordinator_required
def dashboard_csv(request):
    form, as_of, _compare = _peildatum(request, with_compare=False)
    if _status(form) == 400:
        return _bad_date_text(form)
    rows = selectors.csv_rows(figures_cache.figures(as_of))
    return exports.csv_response(rows, f"i-partnerschap-cijfers-{as_of.isoformat()}.csv")


@require_GET
@coordinator_required
def dashboard_pdf(request):
    form, as_of, _compare = _peildatum(request, with_compare=False)
    if _status(form) == 400:
        return _bad_date_text(form)
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


def _public_cache_key(kind, as_of):
    return f"public-figures:v2:{kind}:{get_language()}:{as_of.isoformat()}"


@require_GET
def public_figures(request):
    form, as_of, _compare = _peildatum(request, with_compare=False)
    anonymous_page = not request.user.is_authenticated and _status(form) == 200
    page_key = _public_cache_key("page", as_of)
    if anonymous_page and (page := cache.get(page_key)) is not None:
        # Anonymous visitors all get the same page: serve it whole, without rendering anything.
        return public_response(request, HttpResponse(page))
    key = _public_cache_key("html", as_of)
    content = cache.get(key)
    if content is None:
        content = render_to_string("reporting/public_figures_content.html", selectors.public_figures(as_of))
        cache.set(key, content, PUBLIC_CACHE_SECONDS)
    response = render(
        request,
        "reporting/public_figures.html",
        {"content": content, "form": form, "as_of": as_of},
        status=_status(form),
    )
    if anonymous_page:
        cache.set(page_key, response.content, PUBLIC_CACHE_SECONDS)
    return public_response(request, response) if _status(form) == 200 else response


@require_GET
def public_figures_csv(request):
    form, as_of, _compare = _peildatum(request, with_compare=False)
    if _status(form) == 400:
        return _bad_date_text(form)
    key = _public_cache_key("csv", as_of)
    rows = cache.get(key)
    if rows is None:
        rows = selectors.csv_rows(compute_figures(as_of), public=True)
        cache.set(key, rows, PUBLIC_CACHE_SECONDS)
    return public_response(request, exports.csv_response(rows, f"i-partnerschap-open-data-{as_of.isoformat()}.csv"))
