"""Site-wide middleware: one JSON log line per request, and no shared caching of a personal response."""

import json
import logging
import time

from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import empty
from whitenoise.middleware import WhiteNoiseMiddleware

from partnership.access import is_personal

request_logger = logging.getLogger("portal.requests")

# What the README promises for the hashed static files: one year, immutable (whitenoise's own default is ten).
STATIC_MAX_AGE = 365 * 24 * 60 * 60


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """whitenoise, with the hashed (immutable) files kept one year instead of whitenoise's ten."""

    FOREVER = STATIC_MAX_AGE


class RequestLogMiddleware:
    """One JSON line per request: method, path without the query string, status, duration and user id.

    Nothing else: no query string (it may hold a reset token or an e-mail address), no form data, no headers, no
    names. First in MIDDLEWARE, so the duration covers the whole stack and errors turned into responses are counted.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        # Only a user that the request already loaded: asking now could cost a query (or fail with the database).
        user = getattr(getattr(request, "user", None), "_wrapped", getattr(request, "user", None))
        user_id = None if user is None or user is empty else getattr(user, "pk", None)
        request_logger.info(
            json.dumps(
                {
                    "method": request.method,
                    "path": _path_without_secrets(request.path),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user_id,
                },
                separators=(",", ":"),
            )
        )
        return response


def _path_without_secrets(path: str) -> str:
    """Invitation, password-reset and follow-up links carry their token in the path: log the route, not the token."""
    for prefix in ("/accounts/uitnodiging/", "/accounts/reset/", "/terugmelding/"):
        if path.startswith(prefix) and path != prefix:
            return prefix + "…"
    return path


class PrivateResponseMiddleware:
    """The general rule: a response that carries a user's messages or session is never stored in a shared cache.

    Whatever a view said (``public_response``, ``cache_control(public=True)``), such a response leaves as
    ``Cache-Control: private, no-store`` with ``Vary: Cookie``, so no proxy, CDN or browser keeps it;
    ``reporting.cache.shared_page`` refuses to keep it in the server-side cache for the same reason. Placed before
    the session and message middleware, so it sees the response after they have written their cookies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_personal(request, response):
            # no-store: neither a shared cache nor the browser's keeps it (a personal page, a coordinator's export
            # of records, a page with a CSRF token), so it is not on the disk of a shared computer afterwards.
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ("Cookie",))
            if "s-maxage" in response.get("Cache-Control", ""):
                # s-maxage is meant for shared caches only; drop it together with public
                directives = [d for d in response["Cache-Control"].split(",") if "s-maxage" not in d]
                response["Cache-Control"] = ",".join(directives).strip(",")
        return response
