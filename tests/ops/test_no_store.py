"""Personal responses and exports carry ``Cache-Control: no-store`` (portal.middleware.PrivateResponseMiddleware):
every URL of the access matrix that answers a logged-in persona 200 (pages, CSV/XLSX/PDF exports, JSON), while the
public figures an anonymous visitor sees stay shared-cacheable."""

import pytest
from django.test import Client

from tests.test_access_matrix import MATRIX, _url, clients, world  # noqa: F401

pytestmark = pytest.mark.django_db

LOGGED_IN = ("coordinator", "owner", "other_government", "education")


def test_every_answer_to_a_logged_in_persona_is_no_store(world, clients):  # noqa: F811
    stored = {}
    seen = 0
    for name, target, _expected in MATRIX:
        url = _url(name, target, world)
        for persona in LOGGED_IN:
            response = clients[persona].get(url)
            if response.status_code != 200:
                continue
            seen += 1
            directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
            if not {"no-store", "private"} <= directives:
                stored[(url, persona)] = response.get("Cache-Control")
    assert seen > 100
    assert stored == {}


def test_an_export_is_no_store(world, clients):  # noqa: F811
    exports = [(name, target) for name, target, _expected in MATRIX if target in ("csv", "xlsx")]
    assert exports
    for name, target in exports:
        response = clients["coordinator"].get(_url(name, target, world))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


def test_the_anonymous_public_figures_stay_cacheable(world):  # noqa: F811
    response = Client().get("/cijfers/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]
