"""Error responses as problem details (RFC 9457, ``application/problem+json``), in Dutch."""

from http import HTTPStatus

from django.http import JsonResponse
from django.utils.translation import gettext as _

PROBLEM_JSON = "application/problem+json"


class Problem(Exception):
    """Raised by an operation: answered as a problem detail with this status."""

    def __init__(self, status, detail, *, invalid_params=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.invalid_params = invalid_params


def titles():
    return {
        400: _("Invalid input"),
        404: _("Not found"),
        405: _("Method not allowed"),
        500: _("Server error"),
    }


def problem_response(request, status, detail, *, invalid_params=None):
    body = {
        "type": "about:blank",
        "title": titles().get(status) or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if invalid_params:
        body["invalidParams"] = invalid_params
    return JsonResponse(body, status=status, content_type=PROBLEM_JSON, json_dumps_params={"ensure_ascii": False})


def default_detail(status):
    """The detail of an error no operation described: a URL that names nothing, a method the API does not have."""
    if status == 404:
        return _("This address names nothing in this API. Addresses in this API never end with a slash.")
    if status == 405:
        return _("This API only answers GET requests.")
    if status >= 500:
        return _("Something went wrong on our side; the error has been logged. Please try again later.")
    return HTTPStatus(status).phrase
