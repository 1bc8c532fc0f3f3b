"""One computation per change: when the figures of a date are missing from the cache, one process computes them and
the others wait for that result (``reporting.cache.cached``: an advisory lock per date and generation)."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection

from reporting import cache as figures_cache

DAY = dt.date(2023, 6, 30)
THREADS = 4
LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "figures-lock"}}
DEAD_REDIS = {
    "default": {
        "BACKEND": "portal.cache.FailSoftRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def run_at_once(compute) -> list:
    """``cached("test", DAY, compute)`` in THREADS threads started together, each on its own connection."""
    start, results = threading.Barrier(THREADS), []

    def worker():
        try:
            start.wait()
            results.append(figures_cache.cached("test", DAY, compute))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def slow_computation(calls: list):
    def compute(as_of):
        calls.append(as_of)
        time.sleep(0.5)  # not a measurement: long enough for every other thread to find the key missing
        return {"as_of": as_of.isoformat(), "computed": len(calls)}

    return compute


@pytest.mark.django_db(transaction=True)
def test_one_thread_computes_the_others_wait_for_its_result(settings):
    settings.CACHES = LOCAL
    calls = []
    results = run_at_once(slow_computation(calls))
    assert calls == [DAY]
    assert results == [{"as_of": "2023-06-30", "computed": 1}] * THREADS


@pytest.mark.django_db(transaction=True)
def test_a_new_generation_is_computed_once_more(settings):
    settings.CACHES = LOCAL
    calls = []
    compute = slow_computation(calls)
    run_at_once(compute)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO reporting_figureschange (weight) VALUES (1)")  # what any write's trigger does
    results = run_at_once(compute)
    assert calls == [DAY, DAY]
    assert results == [{"as_of": "2023-06-30", "computed": 2}] * THREADS


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_nobody_waits_and_every_page_gets_its_figures(settings):
    settings.CACHES = DEAD_REDIS
    calls = []
    results = run_at_once(slow_computation(calls))
    # nothing could hand a result on: each computes (none waits for another's lock)
    assert len(calls) == THREADS
    assert len(results) == THREADS
    assert all(result["as_of"] == "2023-06-30" for result in results)
