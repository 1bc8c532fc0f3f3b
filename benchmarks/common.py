"""Shared helpers for the benchmark scripts: a dedicated database, Django set-up, timing and a table.

A benchmark never touches the development or test database: it works in the database named by
``BENCH_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/ipartnerschap_bench``),
which it creates (and, when asked, empties) itself.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ipartnerschap_bench"


def bench_database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)


def _maintenance_connection(url: str):
    import psycopg

    parts = urlsplit(url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    return psycopg.connect(maintenance.replace("postgres://", "postgresql://", 1), autocommit=True)


def ensure_database(url: str, *, reset: bool = False) -> bool:
    """Create the benchmark database if it is missing (drop it first when ``reset``). Returns whether it is new."""
    name = urlsplit(url).path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"refusing to use {name!r} as the benchmark database")
    with _maintenance_connection(url) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and reset:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return not exists


def setup_django(url: str) -> None:
    """Point Django at the benchmark database, with development settings but without query logging."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ["DATABASE_POOL"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django
    from django.conf import settings

    django.setup()
    # DEBUG would keep every bulk INSERT's SQL in memory and time each query twice.
    settings.DEBUG = False


def close_connections() -> None:
    from django.db import connections

    connections.close_all()


def call(name: str, *args: str) -> str:
    """Run a management command quietly; returns what it printed."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command(name, *args, verbosity=0, stdout=out)
    return out.getvalue()


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def median_ms(function: Callable[[], object], *, runs: int = 5, warmups: int = 1) -> tuple[float, list[float]]:
    """Median wall time of ``function`` in milliseconds over ``runs`` runs, after ``warmups`` untimed ones."""
    for _ in range(warmups):
        function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), times


def interleaved_medians(
    functions: dict[str, Callable[[], object]], *, runs: int = 5, warmups: int = 1
) -> dict[str, float]:
    """Medians of several functions measured in turn (a, b, a, b, ...) so that load on the machine hits both alike."""
    for _ in range(warmups):
        for function in functions.values():
            function()
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            started = time.perf_counter()
            function()
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def count_queries(function: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def print_table(headers: list[str], rows: list[list[object]]) -> None:
    cells = [headers, *[[str(value) for value in row] for row in rows]]
    widths = [max(len(row[index]) for row in cells) for index in range(len(headers))]
    for number, row in enumerate(cells):
        print("  ".join(value.rjust(width) for value, width in zip(row, widths, strict=True)))
        if number == 0:
            print("  ".join("-" * width for width in widths))
