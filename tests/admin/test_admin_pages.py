"""Every admin page opens, and a list's queries stay within a fixed budget that does not grow with its rows.

The records are made once for the module (in one transaction around its tests, rolled back after the last:
tests/conftest.py, ``module_transaction``): every list's queries are counted with 3 records of every kind, then 27
more are added; each test then only sends requests (each in a savepoint of its own)."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.admin.conftest import make_records

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
IDS = [model._meta.label_lower for model, _ in REGISTERED]
# The apps whose admin this suite covers fully; others (auth, axes, reporting) only have to open.
OWN_APPS = {"partnership", "assignments", "fieldlabs", "doctorates", "traineeship"}
OWN = [(model, model_admin) for model, model_admin in REGISTERED if model._meta.app_label in OWN_APPS]
OWN_IDS = [model._meta.label_lower for model, _ in OWN]
# Session, user, the page itself, its filters: never more, whatever the number of rows.
CHANGELIST_BUDGET = 12
FEW, MANY = 3, 30


def url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def changelist_queries(client, model):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(model, "changelist"))
    assert response.status_code == 200
    return response, len(queries)


class AdminWorld:
    """The admin who looks, and the number of queries of each own list with ``FEW`` records of every kind."""

    def __init__(self):
        self.admin = factories.UserFactory(
            username="admin", role="admin", organisation=None, is_staff=True, is_superuser=True
        )
        make_records(FEW)
        client = Client()
        client.force_login(self.admin)
        self.with_few = {model: changelist_queries(client, model)[1] for model, _ in OWN}
        make_records(MANY - FEW)


@pytest.fixture(scope="module")
def world(module_transaction, django_db_blocker):
    with django_db_blocker.unblock():
        return AdminWorld()


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=IDS)
def test_changelist_add_and_change_pages_open(admin_client, model, model_admin):
    client = admin_client
    assert client.get(url(model, "changelist")).status_code == 200
    assert client.get(url(model, "changelist"), {"q": "Voorbeeld"}).status_code == 200
    add = client.get(url(model, "add"))
    request = client.get(url(model, "changelist")).wsgi_request
    assert add.status_code == (200 if model_admin.has_add_permission(request) else 403)
    obj = model._default_manager.first()
    if model._meta.app_label in OWN_APPS:
        assert obj is not None
    if obj is not None:
        assert client.get(url(model, "change", obj.pk)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "model_admin"), OWN, ids=OWN_IDS)
def test_changelist_queries_do_not_grow_with_rows(
    world, admin_client, model, model_admin, django_assert_max_num_queries
):
    assert model._default_manager.count() >= MANY
    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        response, with_many = changelist_queries(admin_client, model)
    assert with_many == world.with_few[model]
    # The rows are on the page (up to the page size).
    assert response.context["cl"].result_list.__len__() == min(
        model._default_manager.count(), model_admin.list_per_page
    )
