"""The open-data API by the API Design Rules: the version header on every answer, no trailing slashes, problem
details with 400 for invalid input, CORS for GET, the public page's suppression; and a property-based run of the
API against its own OpenAPI document (schemathesis)."""

import datetime as dt

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from assignments.models import AssignmentState
from reporting.api import API_VERSION
from reporting.services import publish_release
from tests import factories

pytestmark = pytest.mark.django_db

D = dt.date(2023, 6, 30)


@pytest.fixture(scope="module")
def published(module_transaction, django_db_blocker):
    """A provisional release corrected by a final one, and a release of another date: made once for the module (in
    one transaction around its tests, rolled back after the last: tests/conftest.py, ``module_transaction``); the
    tests only read."""
    with django_db_blocker.unblock():
        return _publish(factories.CoordinatorFactory(username="coordinator"))


def _publish(coordinator):
    government = factories.GovernmentOrganisationFactory(partnership_start=dt.date(2021, 1, 1))
    for _ in range(6):
        factories.AssignmentFactory(
            government_organisation=government,
            state=AssignmentState.COMPLETED,
            at=dt.datetime(2022, 3, 1, 12, tzinfo=dt.UTC),
        )
    first = publish_release(as_of=D, status="provisional", by=coordinator)
    factories.AssignmentFactory(
        government_organisation=government, state=AssignmentState.COMPLETED, at=dt.datetime(2022, 3, 2, tzinfo=dt.UTC)
    )
    second = publish_release(as_of=D, status="final", kind="correction", reason="Eén opdracht ontbrak.", by=coordinator)
    other = publish_release(as_of=dt.date(2022, 12, 31), status="final", by=coordinator)
    return first, second, other


URLS = [
    "/api/v1/publicaties",
    "/api/v1/publicaties?peildatum=2023-06-30",
    "/api/v1/cijfers",
    "/api/v1/cijfers?peildatum=2022-12-31",
    "/api/v1/openapi.json",
    # errors
    "/api/v1/publicaties/",
    "/api/v1/cijfers/",
    "/api/v1/openapi.json/",
    "/api/v1/",
    "/api/v1",
    "/api/v1/bestaat-niet",
    "/api/v1/publicaties/999999",
    "/api/v1/cijfers?peildatum=2023-02-30",
    "/api/v1/cijfers?peildatum=2021-01-01",
    "/api/v1/publicaties?pagina=0",
    "/api/v1/publicaties?pagina=abc",
    "/api/v1/publicaties?paginaGrootte=101",
]


@pytest.mark.parametrize("url", URLS)
def test_every_answer_carries_the_api_version_and_cors(client, published, url):
    response = client.get(url)
    assert response["API-Version"] == API_VERSION
    assert response["Access-Control-Allow-Origin"] == "*"
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == response.status_code
        assert problem["title"] and problem["detail"]


@pytest.mark.parametrize("url", ["/api/v1/publicaties/", "/api/v1/cijfers/", "/api/v1/openapi.json/", "/api/v1/"])
@pytest.mark.parametrize("append_slash", [True, False])
def test_a_trailing_slash_answers_404_also_under_append_slash(client, published, url, append_slash):
    with override_settings(APPEND_SLASH=append_slash):
        response = client.get(url)
        assert response.status_code == 404
        assert client.get(url.rstrip("/")).status_code in (200, 404)  # never a redirect to or from a slash
        assert client.get(url.rstrip("/")).status_code != 301


def test_a_bad_peildatum_is_a_400_problem_in_dutch(client, published):
    response = client.get("/api/v1/cijfers", {"peildatum": "30-06-2023"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Ongeldige invoer"
    assert problem["invalidParams"][0]["naam"] == "peildatum"
    assert "JJJJ-MM-DD" in problem["detail"]


def test_a_bad_page_is_a_400_and_a_page_past_the_last_a_404(client, published):
    response = client.get("/api/v1/publicaties", {"pagina": "0"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["naam"] == "pagina"
    response = client.get("/api/v1/publicaties", {"pagina": 2, "paginaGrootte": 3})
    assert response.status_code == 404
    assert response.json()["detail"] == "Pagina 2 bestaat niet. Er zijn 1 pagina's."
    assert client.get("/api/v1/publicaties", {"pagina": 2, "paginaGrootte": 2}).status_code == 200


def test_the_figures_are_the_newest_version_with_the_public_suppression(client, published):
    first, second, _other = published
    data = client.get("/api/v1/cijfers", {"peildatum": "2023-06-30"}).json()
    assert (data["id"], data["versie"], data["status"], data["soort"]) == (second.pk, 2, "vastgesteld", "correctie")
    assert data["vervangt"] == first.pk and data["vervangenDoor"] is None
    values = {item["sleutel"]: item["waarde"] for item in data["cijfers"]}
    assert values["assignments.total"] == 7
    assert values["partners.government"] == "<5"
    assert data["cijfers"] == second.payload["cijfers"]
    old = client.get(f"/api/v1/publicaties/{first.pk}").json()
    assert old["vervangenDoor"] == second.pk
    assert {item["sleutel"]: item["waarde"] for item in old["cijfers"]}["assignments.total"] == 6
    assert client.get(old["downloadUrl"]).status_code == 200
    listing = client.get("/api/v1/publicaties").json()
    assert [item["versie"] for item in listing["publicaties"]] == [2, 1, 1]
    assert listing["totaal"] == 3


def test_the_api_needs_no_log_in_and_allows_reading_from_any_origin(client, published):
    preflight = client.options(
        "/api/v1/cijfers", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["API-Version"] == API_VERSION
    response = client.post("/api/v1/cijfers")
    assert response.status_code == 405 and response["Content-Type"] == "application/problem+json"
    assert "sessionid" not in client.get("/api/v1/cijfers").cookies


def test_the_preflight_answers_the_allowed_headers_never_an_echo(client, published):
    preflight = client.options(
        "/api/v1/cijfers",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="Authorization, X-Evil, Accept",
    )
    allowed = {header.strip().lower() for header in preflight["Access-Control-Allow-Headers"].split(",")}
    assert "accept" in allowed
    assert "authorization" not in allowed and "x-evil" not in allowed


@pytest.mark.parametrize("url", ["/api/v1/cijfers", "/api/v1/publicaties", "/api/v1/openapi.json", "/api/v1/nergens"])
def test_head_answers_like_get_without_a_body(client, published, url):
    get, head = client.get(url), client.head(url)
    assert head.status_code == get.status_code
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert head["API-Version"] == get["API-Version"]
    assert int(head["Content-Length"]) == len(get.content)
    release = client.get("/api/v1/publicaties").json()["publicaties"][0]["id"]
    assert client.head(f"/api/v1/publicaties/{release}").status_code == 200


def test_every_operation_of_the_document_answers_head_and_its_preflight(client, published):
    """Not only the operations above: each GET the OpenAPI document lists (a new one too) answers HEAD as GET, and
    its preflight offers only what the API allows."""
    document = client.get("/api/v1/openapi.json").json()
    release = client.get("/api/v1/publicaties").json()["publicaties"][0]["id"]
    operations = [path for path, methods in document["paths"].items() if "get" in methods]
    assert operations
    for path in operations:
        url = "/api/v1" + path.replace("{id}", str(release))
        get, head = client.get(url), client.head(url)
        assert (head.status_code, head.content) == (get.status_code, b""), url
        preflight = client.options(
            url,
            HTTP_ORIGIN="https://example.org",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="X-Evil",
        )
        assert "HEAD" in preflight["Access-Control-Allow-Methods"], url
        assert "x-evil" not in preflight.get("Access-Control-Allow-Headers", "").lower(), url


def test_the_openapi_document_has_servers_and_contact(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "/api/v1", "description": "Deze portal"}]
    assert {"name", "url", "email"} <= set(document["info"]["contact"])
    assert set(document["paths"]) == {"/publicaties", "/publicaties/{id}", "/cijfers", "/openapi.json"}


# --- property-based: the API against its own document --------------------------------------------


@pytest.fixture
def wsgi_without_connection_resets():
    """Like Django's test client: requests through the WSGI handler keep the test's transaction open."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda mode: mode.value)
def test_the_api_keeps_its_openapi_document(published, wsgi_without_connection_resets, mode):
    """Generated valid and invalid requests for every operation (hypothesis, through schemathesis): no server
    error; every status code, content type, header and body as the document declares; invalid input rejected."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_without_connection_resets)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {"/publicaties", "/publicaties/{id}", "/cijfers"} <= {operation.path for operation in operations}
    seen = []

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def keeps_the_document(case):
            response = case.call()
            case.validate_response(response)
            headers = {name.lower(): value for name, value in response.headers.items()}
            assert headers["api-version"] in ([API_VERSION], API_VERSION)
            seen.append(response.status_code)

        keeps_the_document()
    assert seen  # the run sent requests
