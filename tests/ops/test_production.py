"""Production behaviour: health check, Dutch error pages without database or manifest, no shared caching of a
personal response, the figures' generation, the log-in and password-reset limits, proxies, the deploy check."""

import json
import logging

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test import Client, RequestFactory, override_settings

from portal.proxies import client_ip
from reporting import cache as figures_cache
from tests import factories
from tests.ops import urls as test_urls

REDIS_TEST_URL = "redis://127.0.0.1:6379/1"
REDIS_CACHE = {
    "default": {
        # what production uses (portal/settings/base.py)
        "BACKEND": "portal.cache.FailSoftRedisCache",
        "LOCATION": REDIS_TEST_URL,
        "KEY_PREFIX": "wt-ops-tests",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
UNREACHABLE_REDIS = {"default": {**REDIS_CACHE["default"], "LOCATION": "redis://127.0.0.1:1/1"}}
# DEBUG off and a manifest storage whose manifest does not exist (collectstatic never ran)
PRODUCTION_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


# --- health ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_answers_200_when_the_database_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@override_settings(REDIS_URL=REDIS_TEST_URL, CACHES=REDIS_CACHE)
def test_health_checks_redis_where_it_is_configured(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
@override_settings(REDIS_URL="redis://127.0.0.1:1/1", CACHES=UNREACHABLE_REDIS)
def test_health_names_a_redis_that_does_not_answer_and_stays_up(client):
    """Pages work without the cache, so the load balancer keeps the server; the body says what is down."""
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


@pytest.mark.django_db(transaction=True)
def test_health_answers_503_when_the_database_does_not(client):
    """A real connection attempt to a port where no PostgreSQL listens (no mock)."""
    settings_dict = connection.settings_dict
    host, port = settings_dict["HOST"], settings_dict["PORT"]
    connection.close()
    settings_dict["PORT"] = "1"
    settings_dict["HOST"] = "127.0.0.1"
    try:
        response = client.get("/health/")
    finally:
        connection.close()
        settings_dict["PORT"] = port
        settings_dict["HOST"] = host
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}


# --- error pages -----------------------------------------------------------------------------


@pytest.fixture
def production_pages(settings, tmp_path):
    settings.DEBUG = False
    settings.STORAGES = PRODUCTION_STATIC
    settings.STATIC_ROOT = tmp_path  # empty: no manifest
    settings.ROOT_URLCONF = "tests.ops.urls"
    return Client(raise_request_exception=False)


def heading(response):
    html = response.content.decode()
    return html.split('<h1 class="utrecht-heading-1">', 1)[1].split("</h1>", 1)[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "title"), [("/bestaat-niet/", 404, "Pagina niet gevonden"), ("/crash/", 500, "Er ging iets mis")]
)
def test_404_and_500_are_dutch_without_manifest_or_database(
    production_pages, django_assert_num_queries, path, status, title
):
    with django_assert_num_queries(0):
        response = production_pages.get(path)
    assert response.status_code == status
    assert heading(response) == title
    assert 'href="/static/css/site.css"' in response.content.decode()  # the plain URL, since there is no manifest


@pytest.mark.django_db
def test_a_database_that_does_not_answer_gives_a_dutch_503(production_pages):
    response = production_pages.get("/database-away/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert heading(response) == "Tijdelijk niet beschikbaar"


@pytest.mark.django_db
def test_a_disallowed_host_gets_a_dutch_400(production_pages):
    response = production_pages.get("/", HTTP_HOST="aanvaller.example")
    assert response.status_code == 400
    assert heading(response) == "Ongeldig verzoek"
    assert "Bad Request" not in response.content.decode()


@pytest.mark.django_db
def test_a_csrf_failure_gets_a_dutch_403(production_pages):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "iemand", "password": "geheim"})
    assert response.status_code == 403
    assert heading(response) == "Het formulier is verlopen"
    assert "CSRF verification failed" not in response.content.decode()


@pytest.mark.django_db
def test_no_access_gets_the_dutch_403(production_pages, government_member):
    production_pages.force_login(government_member)
    response = production_pages.get("/dashboard/")
    assert response.status_code == 403
    assert heading(response) == "Geen toegang"


# --- no shared caching of personal responses ---------------------------------------------------


@pytest.mark.django_db
def test_a_page_with_a_flash_message_is_private_and_kept_out_of_the_page_cache(settings):
    settings.ROOT_URLCONF = "tests.ops.urls"
    test_urls.RENDERED.clear()
    visitor, next_visitor = Client(), Client()

    planted = visitor.get("/shared/?flash=1")
    assert "Bericht voor één bezoeker" in planted.content.decode()
    assert "private" in planted["Cache-Control"]
    served = next_visitor.get("/shared/")

    assert "Bericht" not in served.content.decode()
    assert len(test_urls.RENDERED) == 2  # the flash page was not stored, so the next visitor's was rendered
    assert next_visitor.get("/shared/").content == served.content  # and that one was
    assert len(test_urls.RENDERED) == 2


@pytest.mark.django_db
def test_a_logged_in_page_is_never_stored(settings, government_member):
    settings.ROOT_URLCONF = "tests.ops.urls"
    test_urls.RENDERED.clear()
    client = Client()
    client.force_login(government_member)
    first = client.get("/shared/")
    client.get("/shared/")
    assert len(test_urls.RENDERED) == 2
    assert "private" in first["Cache-Control"]
    assert Client().get("/shared/").status_code == 200
    assert len(test_urls.RENDERED) == 3  # the anonymous visitor did not get the member's page


@pytest.mark.django_db
def test_the_middleware_makes_a_public_page_private_when_it_carries_messages(client, government_member):
    client.force_login(government_member)
    client.post("/accounts/logout/")  # leaves "you have been logged out" for the next page
    response = client.get("/toegankelijkheid/")
    assert "utrecht-alert" in response.content.decode()  # the message is on the page
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "public" in Client().get("/toegankelijkheid/")["Cache-Control"]  # without messages it stays public


# --- the figures' generation ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_any_committed_write_to_the_figures_data_changes_the_generation():
    before = figures_cache.generation()
    factories.ThemeFactory(slug="nieuw-thema")  # a plain ORM write, no service: the trigger sees it
    after_write = figures_cache.generation()
    assert after_write != before
    with connection.cursor() as cursor:
        cursor.execute("UPDATE partnership_user SET last_login = now()")  # not a table the figures read
    assert figures_cache.generation() == after_write


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_the_generation():
    from django.db import transaction

    before = figures_cache.generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.ThemeFactory(slug="teruggedraaid")
        raise RuntimeError
    assert figures_cache.generation() == before


@pytest.mark.django_db
def test_every_table_the_figures_read_has_the_trigger():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
            [figures_cache.TRIGGER],
        )
        triggered = {row[0] for row in cursor.fetchall()}
    missing = set(figures_cache.watched_tables()) - triggered
    assert not missing, f"Install the figures' trigger on {sorted(missing)} in a migration like reporting's 0004"
    assert "assignments_assignmenttransition" in triggered and "partnership_user" not in triggered


@pytest.mark.django_db
def test_the_trigger_migration_runs_again_on_a_database_that_has_the_triggers():
    """reporting 0004 replaces the triggers that post_migrate used to install, and going back drops what is there."""
    import importlib

    migration = importlib.import_module("reporting.migrations.0004_figures_triggers")

    def triggered():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = %s", [figures_cache.TRIGGER])
            return cursor.fetchone()[0]

    before = triggered()
    assert before == len(figures_cache.watched_tables())
    with connection.cursor() as cursor:
        for statement in migration.install(migration.TABLES):  # as on a database that already has them
            cursor.execute(statement)
        assert triggered() == before
        for statement in migration.remove(migration.TABLES) * 2:  # backwards, also where they are gone already
            cursor.execute(statement)
        assert triggered() == before - len(migration.TABLES)
        for statement in migration.install(migration.TABLES):
            cursor.execute(statement)
    assert triggered() == before


@pytest.mark.django_db
def test_the_dashboard_figures_come_from_the_cache_until_the_data_changes(client, coordinator):
    from reporting.figures import QUERY_COUNT

    client.force_login(coordinator)
    client.get("/dashboard/?as_of=2030-01-01")
    with CountQueries() as cached_run:
        client.get("/dashboard/?as_of=2030-01-01")
    factories.AssignmentFactory()
    with CountQueries() as fresh_run:
        client.get("/dashboard/?as_of=2030-01-01")
    assert fresh_run.count - cached_run.count == QUERY_COUNT + figures_cache.LOCK_QUERIES


class CountQueries:
    def __enter__(self):
        from django.test.utils import CaptureQueriesContext

        self._context = CaptureQueriesContext(connection)
        self._context.__enter__()
        return self

    def __exit__(self, *exc):
        self._context.__exit__(*exc)
        self.count = len(self._context.captured_queries)


@pytest.mark.django_db
def test_a_cache_that_does_not_answer_costs_the_computation_not_the_page(settings, client, coordinator):
    client.force_login(coordinator)
    settings.CACHES = UNREACHABLE_REDIS
    response = client.get("/dashboard/?as_of=2023-06-30")
    assert response.status_code == 200


# --- request log ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_json_log_line_per_request_without_query_or_personal_data(client, government_member, caplog):
    client.force_login(government_member)
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        client.get("/aanvragen/?q=geheim@example.nl")
        client.get("/accounts/reset/MQ/abc-123token/")
    lines = [json.loads(record.getMessage()) for record in caplog.records if record.name == "portal.requests"]
    assert lines[0] == {
        "method": "GET",
        "path": "/aanvragen/",
        "status": 200,
        "duration_ms": lines[0]["duration_ms"],
        "user_id": government_member.pk,
    }
    assert lines[1]["path"] == "/accounts/reset/…"
    assert "geheim" not in caplog.text and "token" not in caplog.text


# --- proxies, log-in, password reset ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy trusted: the header is the client's claim
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # what our one proxy saw
        (2, "198.51.100.7, 203.0.113.9, 10.0.0.3", "203.0.113.9"),
        (1, "niet-een-adres", "10.0.0.2"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: did not come through them
    ],
)
def test_the_visitor_address_counts_only_the_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_behind_a_proxy_the_lock_out_counts_the_visitor_not_the_proxy(settings, client, coordinator):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(5):
        client.post(
            "/accounts/login/",
            {"username": "coordinator", "password": "fout"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}, 203.0.113.66",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    other = Client().post(
        "/accounts/login/",
        {"username": "coordinator", "password": factories.PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.10",
    )
    assert other.status_code == 302  # the coordinator, from elsewhere behind the same proxy, is not locked out


@pytest.mark.django_db
@pytest.mark.parametrize("length", [151, 255, 256, 5000])
def test_an_over_long_user_name_gets_a_dutch_error_not_a_500(client, length):
    response = client.post("/accounts/login/", {"username": "a" * length, "password": "iets"})
    assert response.status_code == 200
    assert "Zorg dat deze waarde niet meer dan 150 tekens bevat" in response.content.decode()


@pytest.mark.django_db
def test_an_over_long_user_name_in_the_admin_log_in_is_refused_too(client):
    response = client.post("/admin/login/", {"username": "a" * 300, "password": "iets"})
    assert response.status_code == 200
    assert "niet meer dan 150 tekens" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_requests_are_throttled_per_email(settings, client, government_member, mailoutbox):
    settings.PASSWORD_RESET_LIMITS = {"per_address": 100, "per_email": 2, "window_seconds": 60}
    statuses = [
        client.post("/accounts/password_reset/", {"email": government_member.email}).status_code for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_password_reset_requests_are_throttled_per_address(settings, client):
    settings.PASSWORD_RESET_LIMITS = {"per_address": 2, "per_email": 100, "window_seconds": 60}
    responses = [client.post("/accounts/password_reset/", {"email": f"p{n}@example.nl"}) for n in range(3)]
    assert [response.status_code for response in responses] == [302, 302, 429]
    assert "Te veel aanvragen voor een nieuw wachtwoord" in responses[-1].content.decode()


@pytest.mark.django_db
def test_an_over_long_email_on_the_reset_and_invitation_forms_is_a_field_error(client, coordinator):
    long_email = "a" * 300 + "@example.nl"
    assert client.post("/accounts/password_reset/", {"email": long_email}).status_code == 200
    client.force_login(coordinator)
    response = client.post("/accounts/uitnodigen/", {"email": long_email, "organisation": ""})
    assert response.status_code in (200, 400)
    assert "niet meer dan 254 tekens" in response.content.decode()


# --- the deploy check ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_deploy_check_refuses_the_demo_log_ins(settings):
    settings.DEMO_LOGINS_ALLOWED = False
    factories.CoordinatorFactory(username="onderwijs-echt")
    call_command("check", "--deploy", "--database", "default", "--tag", "database")  # no demo log-in: passes
    demo = factories.CoordinatorFactory(username="coordinator")
    demo.set_password("Programmabureau-Demo-2023")
    demo.save()
    with pytest.raises(SystemCheckError, match="portal.E001"):
        call_command("check", "--deploy", "--database", "default", "--tag", "database")
    demo.set_password("een-heel-ander-wachtwoord-2024")
    demo.save()
    call_command("check", "--deploy", "--database", "default", "--tag", "database")
