"""The site's own pages (home, accessibility statement), the health check and the error pages."""

import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from partnership.access import public_response

logger = logging.getLogger(__name__)

# How long a client or load balancer should wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30


@require_GET
def home(request):
    return render(request, "home.html")


@require_GET
def accessibility(request):
    return public_response(request, render(request, "accessibility.html"))


# --- health ---------------------------------------------------------------------------------


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _cache_answers() -> bool:
    # The raising operations: the fail-soft backend (portal/cache.py) would answer an outage as a miss.
    store = cache.strict() if hasattr(cache, "strict") else cache
    try:
        store.set("health:probe", "1", 10)
        return store.get("health:probe") == "1"
    except Exception as error:  # any client error (connection refused, timeout) means: not answering
        logger.warning("The cache did not answer the health check (%s)", type(error).__name__)
        return False


@never_cache
@require_GET
def health(request):
    """What answers: 200 when the database answers, 503 when it does not. For load balancers and monitoring: no
    log-in, no session, no personal data. A Redis that does not answer (where configured) is named, with the status
    "degraded", but keeps the 200: every page works without the cache (portal/cache.py), and a load balancer that
    took every server out for a cache outage would turn a slower site into none."""
    checks = {"database": _database_answers()}
    if settings.REDIS_URL:
        checks["cache"] = _cache_answers()
    if not checks["database"]:
        status, code = "unavailable", 503
    elif not all(checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    body = {"status": status}
    body.update({name: "ok" if answered else "unavailable" for name, answered in checks.items()})
    return JsonResponse(body, status=code)


# --- error pages ----------------------------------------------------------------------------
# Rendered without the request: no context processors, so no user, session or database; the layout links its
# style sheets through ``static_or_plain``, so a missing static manifest cannot turn an error into another error.


def error_page(template: str, status: int) -> HttpResponse:
    with translation.override(translation.get_language() or settings.LANGUAGE_CODE):
        content = render_to_string(template)
    return HttpResponse(content, status=status)


def bad_request(request, exception=None):
    """400, also for a host name outside ALLOWED_HOSTS (Django's DisallowedHost)."""
    return error_page("400.html", 400)


def permission_denied(request, exception=None):
    return error_page("403.html", 403)


def page_not_found(request, exception=None):
    return error_page("404.html", 404)


def database_unavailable_error(exception) -> bool:
    """The database did not answer (down, restarting, no free connection in time), as opposed to a bug."""
    return isinstance(exception, OperationalError | InterfaceError)


def server_error(request):
    """500; but 503 with Retry-After when the cause is a database that does not answer (Django calls this view while
    handling the exception, so ``sys.exc_info`` names it)."""
    if database_unavailable_error(sys.exc_info()[1]):
        response = error_page("503.html", 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return error_page("500.html", 500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without a valid token (expired page, cookies refused)."""
    return error_page("403_csrf.html", 403)
