"""Test-only URLs: pages that fail in set ways, and pages kept in the shared page cache."""

from django.contrib import messages
from django.db import OperationalError
from django.http import HttpResponse
from django.urls import include, path
from django.utils.dateparse import parse_date

from reporting import cache as figures_cache

AS_OF = parse_date("2023-06-30")
RENDERED = []


def crash(request):
    raise RuntimeError("a bug")


def database_away(request):
    raise OperationalError("connection refused")


def shared_page(request):
    def render():
        RENDERED.append(request.path)
        if "flash" in request.GET:
            messages.info(request, "Bericht voor één bezoeker")
        shown = " ".join(str(message) for message in messages.get_messages(request))
        return HttpResponse(f"<p>pagina {len(RENDERED)} {shown}</p>")

    return figures_cache.cached_page(request, "test-page", AS_OF, render)


urlpatterns = [
    path("crash/", crash),
    path("database-away/", database_away),
    path("shared/", shared_page),
    path("", include("portal.urls")),
]
handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
