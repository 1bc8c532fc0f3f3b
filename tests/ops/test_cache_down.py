"""Losing Redis costs no page: with the cache pointing at a port where nothing listens, every URL of the access
matrix answers every persona exactly as the matrix expects (no 500), the password reset refuses with a Dutch 503
(fail safe: nothing counted, nothing sent), the log-in lock-out still counts (PostgreSQL), and ``/health/`` says
what is down."""

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse

from portal import cache as portal_cache
from reporting.services import publish_release
from tests import factories
from tests.test_access_matrix import ADMIN_LOGIN, LOGIN, MATRIX, PERSONAS, _url, clients, world  # noqa: F401

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "portal.cache.FailSoftRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = DEAD_REDIS
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    yield cache
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def _seen(response):
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(reverse("login")):
        return LOGIN
    if response.status_code == 302 and location.startswith(reverse("admin:login")):
        return ADMIN_LOGIN
    return response.status_code


def test_the_backend_answers_an_outage_as_a_miss(dead_cache):
    assert isinstance(caches["default"], portal_cache.FailSoftRedisCache)
    assert cache.get("x", "default") == "default"
    assert cache.set("x", 1) is None
    assert cache.add("x", 1) is False
    assert cache.get_many(["x", "y"]) == {}
    with pytest.raises(ValueError):
        cache.incr("x")
    with pytest.raises(Exception, match="(?i)connect"):
        cache.strict().get("x")


def test_every_page_answers_as_without_a_cache(dead_cache, world, clients):  # noqa: F811
    wrong = {}
    for name, target, expected in MATRIX:
        url = _url(name, target, world)
        for persona in PERSONAS:
            seen = _seen(clients[persona].get(url))
            if seen != expected[persona]:
                wrong[(url, persona)] = (seen, expected[persona])
    assert wrong == {}


def test_public_figures_render_anonymous_and_logged_in(dead_cache, coordinator, government_member):
    publish_release(as_of=dt.date(2023, 6, 30), status="final", by=coordinator)
    logged_in = Client()
    logged_in.force_login(government_member)
    for client in (Client(), logged_in):
        response = client.get("/cijfers/")
        assert response.status_code == 200
        assert "2023" in response.content.decode()


def test_the_password_reset_refuses_with_a_dutch_503_and_sends_nothing(dead_cache, government_member):
    response = Client().post(reverse("password_reset"), {"email": government_member.email})
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "kan nu even niet" in response.content.decode()
    assert mail.outbox == []


def test_the_login_lockout_still_counts_without_the_cache(dead_cache, government_member):
    client = Client()
    for _attempt in range(5):
        client.post(reverse("login"), {"username": government_member.username, "password": "wrong-password-x"})
    response = client.post(reverse("login"), {"username": government_member.username, "password": factories.PASSWORD})
    assert response.status_code == 429  # locked out (django-axes counts in PostgreSQL)


def test_health_says_the_cache_is_down(dead_cache):
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
