import pytest
from django.core.cache import cache
from django.core.management import call_command, get_commands
from django.db import connections


@pytest.fixture(autouse=True)
def _empty_cache():
    """The public page caches per date: every test starts without it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def seed_demo_available():
    return "seed_demo" in get_commands()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data set (``seed_demo``), loaded once for a test module and removed after it."""
    if not seed_demo_available():
        pytest.skip("seed_demo has not landed yet")
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        flush_database()


def flush_database():
    """Empty every table after a module's committed demo data, then close this context's connections.

    After a Playwright test the main thread can hold a second connection (asgiref's context-local
    connections see the greenlet as another context); left open, it blocks dropping the test database.
    """
    call_command("flush", interactive=False, verbosity=0)
    connections.close_all()
