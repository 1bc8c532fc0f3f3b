"""What every response under ``/api/v1`` carries, whichever layer made it (an operation, Django's URL resolver,
an error): the ``API-Version`` header, CORS for reading from any origin, and errors as problem details."""

import logging

from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from partnership.access import PUBLIC_MAX_AGE

from . import API_PREFIX, API_VERSION
from .problems import PROBLEM_JSON, default_detail, problem_response

logger = logging.getLogger(__name__)

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# The request headers a reading client may send from another origin; a preflight answers this list, never an echo
# of what it was asked.
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, If-None-Match, If-Modified-Since"


def in_api(path):
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not in_api(request.path):
            return self.get_response(request)
        head = request.method == "HEAD"
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)  # a CORS preflight: reading is allowed from anywhere
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = "86400"
        elif head:
            # HEAD answers like GET without the body (RFC 9110): the operations are declared for GET only.
            request.method = "GET"
            try:
                response = self.get_response(request)
            finally:
                request.method = "HEAD"
        else:
            response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(PROBLEM_JSON):
            # a 404 of the URL resolver (a trailing slash, say), a 405, a 500: Django's HTML page becomes a problem
            response = problem_response(request, response.status_code, default_detail(response.status_code))
        elif (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        response["API-Version"] = API_VERSION
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "API-Version"
        if head and not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response
