import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The public page caches per date: every test starts without it."""
    cache.clear()
    yield
    cache.clear()
