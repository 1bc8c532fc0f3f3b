"""The operations of the open-data API and the OpenAPI document they make.

django-ninja validates the query and path parameters against the same types the OpenAPI document declares;
``AdrApi`` then shapes that document and every answer to the API Design Rules: paths relative to the server
``/api/v1``, an ``API-Version`` header declared on every success, errors as ``application/problem+json``, a 400
for every operation with parameters, and the document itself at ``/api/v1/openapi.json``.
"""

import datetime as dt
import functools
import math
import re
from typing import Annotated

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query
from ninja.errors import ValidationError
from pydantic import BeforeValidator

from reporting.models import Release

from . import API_PREFIX, API_VERSION
from .problems import PROBLEM_JSON, Problem, problem_response
from .schemas import KIND, STATUS, Probleem, PublicatieMetCijfers, Publicaties

MAX_ID = 2**63 - 1  # the largest primary key PostgreSQL's bigint holds
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

VERSION_HEADER = {
    "description": "De volledige versie van de API (semantic versioning).",
    "style": "simple",
    "schema": {"type": "string", "example": API_VERSION},
}
CORS_HEADER = {
    "description": "Iedere origin mag deze resource lezen (CORS).",
    "schema": {"type": "string", "example": "*"},
}


class AdrApi(NinjaAPI):
    def _get_urls(self):
        # ninja's root view ("/api/v1/") exists only to compute paths: it would make APPEND_SLASH redirect
        # "/api/v1" to it. Every URL of this API is an operation or the document.
        return [pattern for pattern in super()._get_urls() if getattr(pattern, "name", None) != "api-root"]

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # Building the document takes a fifth of a second and it changes only with the settings it names: made once
        # per process and language, never changed after (ninja serialises it as it is).
        return self._document(settings.SITE_URL, settings.OPEN_DATA_CONTACT_EMAIL, translation.get_language())

    @functools.lru_cache(maxsize=8)  # noqa: B019 (one module-level API object: the cache lives as long as it)
    def _document(self, site_url, contact_email, language):
        return adr_document(super().get_openapi_schema(path_prefix=""))


def contact():
    return {
        "name": "Programmabureau I-Partnerschap (open data)",
        "url": f"{settings.SITE_URL}{reverse('public_figures')}",
        "email": settings.OPEN_DATA_CONTACT_EMAIL,
    }


def adr_document(schema):
    """The generated document, shaped to the API Design Rules (see the module's docstring)."""
    schema["info"]["contact"] = contact()
    schema["info"]["license"] = {
        "name": "CC0 1.0 (de cijfers)",
        "url": "https://creativecommons.org/publicdomain/zero/1.0/deed.nl",
    }
    schema["tags"] = [
        {"name": "publicaties", "description": "Gepubliceerde versies van de cijfers."},
        {"name": "cijfers", "description": "De cijfers van de nieuwste versie van een peildatum."},
        {"name": "openapi", "description": "Dit document."},
    ]
    schema["paths"]["/openapi.json"] = {
        "get": {
            "tags": ["openapi"],
            "operationId": "getOpenapiJson",
            "summary": "Dit OpenAPI-document",
            "description": "De beschrijving van deze API (OpenAPI 3.1).",
            "parameters": [],
            "responses": {
                "200": {
                    "description": "Het OpenAPI-document.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    for operations in schema["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                code = int(status)
                if code < 400:
                    response["headers"] = {"API-Version": VERSION_HEADER, "Access-Control-Allow-Origin": CORS_HEADER}
                else:
                    content = response.pop("content", {})
                    body = next(iter(content.values()), {"schema": {"$ref": "#/components/schemas/Probleem"}})
                    response["content"] = {PROBLEM_JSON: body}
    return schema


api = AdrApi(
    title="Open data I-Partnerschap",
    version=API_VERSION,
    description=(
        "De vastgestelde en voorlopige cijfers van het programma I-Partnerschap: elke publicatie van een "
        "peildatum als versie, met haar SHA-256. Alleen lezen, zonder inloggen. Aantallen onder de 5 staan "
        "als `<5`, net als op de openbare cijferpagina. Gemaakt volgens de API Design Rules (Logius)."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,
    servers=[{"url": API_PREFIX, "description": "Deze portal"}],
)


# --- errors: every one a problem detail --------------------------------------------------------


PARAMETER_REASONS = {
    "peildatum": lambda: _("Not a valid date: use YYYY-MM-DD, for example 2023-06-30."),
    "pagina": lambda: _("A page is a whole number from 1."),
    "paginaGrootte": lambda: _("A page size is a whole number from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE},
    "id": lambda: _("A publication number is a whole number from 1."),
}


@api.exception_handler(ValidationError)
def invalid_input(request, error):
    invalid = []
    for item in error.errors:
        name = str(item.get("loc", ["", "?"])[-1])
        reason = PARAMETER_REASONS.get(name, lambda: _("This value is not valid."))()
        if not any(entry["naam"] == name for entry in invalid):
            invalid.append({"naam": name, "code": str(item.get("type", "invalid")), "reden": reason})
    detail = " ".join(f"{entry['naam']}: {entry['reden']}" for entry in invalid)
    return problem_response(request, 400, detail, invalid_params=invalid)


@api.exception_handler(Problem)
def problem(request, error):
    return problem_response(request, error.status, error.detail, invalid_params=error.invalid_params)


@api.exception_handler(Http404)
def not_found(request, error):
    return problem_response(request, 404, str(error) or _("Not found."))


# --- the operations ------------------------------------------------------------------------------


def _summary(request, release):
    return {
        "id": release.pk,
        "peildatum": release.as_of,
        "versie": release.version,
        "status": STATUS[release.status],
        "soort": KIND[release.kind],
        "reden": release.reason,
        "vervangt": release.supersedes_id,
        "vervangenDoor": getattr(getattr(release, "superseded_by", None), "pk", None),
        "gepubliceerdOp": release.published_at,
        "sha256": release.sha256,
        "url": request.build_absolute_uri(f"{API_PREFIX}/publicaties/{release.pk}"),
        "downloadUrl": request.build_absolute_uri(reverse("release_download", args=[release.pk])),
    }


def _with_figures(request, release):
    return {**_summary(request, release), "cijfers": release.payload["cijfers"]}


def _releases():
    return Release.objects.select_related("superseded_by")


DATE_HELP = "Een datum als JJJJ-MM-DD, bijvoorbeeld 2023-06-30."
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value):
    """pydantic also reads "0.0" or "1700000000" as a date (seconds since 1970): only YYYY-MM-DD is one here."""
    if value is not None and not (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        raise ValueError("not YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date | None, BeforeValidator(_iso_date_only)]
# the parameters, declared once (django-ninja reads them from the defaults)
DATE_FILTER = Query(None, description=f"Alleen de versies van deze peildatum. {DATE_HELP}")
PAGE = Query(1, ge=1, le=MAX_ID, description="Het nummer van de pagina, vanaf 1.")
PAGE_SIZE = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Het aantal publicaties per pagina (1-100).")
RELEASE_ID = Path(..., ge=1, le=MAX_ID, description="Het nummer van de publicatie.")
DATE = Query(None, description=f"De peildatum; zonder: de nieuwste. {DATE_HELP}")


@api.get(
    "/publicaties",
    response={200: Publicaties, 400: Probleem, 404: Probleem},
    operation_id="getPublicaties",
    url_name="releases",
    tags=["publicaties"],
    summary="Alle publicaties",
    description="Elke gepubliceerde versie, nieuwste peildatum en versie eerst; met `peildatum` die van één dag.",
)
def releases(
    request,
    peildatum: IsoDate = DATE_FILTER,
    pagina: int = PAGE,
    paginaGrootte: int = PAGE_SIZE,  # the API's parameters are lowerCamelCase (API Design Rules)
):
    chosen = _releases().defer("payload").order_by("-as_of", "-version")
    if peildatum is not None:
        chosen = chosen.filter(Q(as_of=peildatum))
    total = chosen.count()
    pages = max(1, math.ceil(total / paginaGrootte))
    if pagina > pages:
        # a well-formed page number that names no page: not found (a malformed one is invalid input, 400)
        reason = _("There are %(pages)s pages.") % {"pages": pages}
        raise Problem(404, _("Page %(page)s does not exist. %(reason)s") % {"page": pagina, "reason": reason})
    start = (pagina - 1) * paginaGrootte
    return {
        "publicaties": [_summary(request, release) for release in chosen[start : start + paginaGrootte]],
        "pagina": pagina,
        "paginaGrootte": paginaGrootte,
        "aantalPaginas": pages,
        "totaal": total,
    }


@api.get(
    "/publicaties/{id}",
    response={200: PublicatieMetCijfers, 400: Probleem, 404: Probleem},
    operation_id="getPublicatie",
    url_name="release",
    tags=["publicaties"],
    summary="Eén publicatie met haar cijfers",
    description="Een publicatie blijft altijd leesbaar, ook nadat een nieuwe versie haar vervangt.",
)
def release(request, id: int = RELEASE_ID):
    found = _releases().filter(pk=id).first()
    if found is None:
        raise Problem(404, _("There is no publication with number %(id)s.") % {"id": id})
    return _with_figures(request, found)


@api.get(
    "/cijfers",
    response={200: PublicatieMetCijfers, 400: Probleem, 404: Probleem},
    operation_id="getCijfers",
    url_name="figures",
    tags=["cijfers"],
    summary="De cijfers van een peildatum",
    description="De nieuwste versie van de cijfers van een peildatum; zonder `peildatum` van de nieuwste.",
)
def figures(request, peildatum: IsoDate = DATE):
    chosen = _releases().order_by("-as_of", "-version")
    if peildatum is not None:
        chosen = chosen.filter(as_of=peildatum)
    found = chosen.first()
    if found is None:
        if peildatum is None:
            raise Problem(404, _("No figures have been published yet."))
        raise Problem(404, _("No figures have been published for %(date)s.") % {"date": peildatum.isoformat()})
    return _with_figures(request, found)
