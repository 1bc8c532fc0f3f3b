"""Databases for the tests' shared data: the demo data loaded once per test worker and handed out as copies.

The demo data set (``seed_demo``) takes tens of seconds to load; copying a database that holds it takes under one
(``CREATE DATABASE ... TEMPLATE``). So the first test of a worker that asks for the demo builds a template database
(a copy of the worker's migrated, empty test database, then ``seed_demo --today DEMO_TODAY``), and every module or
test that asks for it works in a copy of that template, dropped afterwards. The fixtures are in tests/conftest.py;
DEVELOPERS.md, "Tests", says which to use.
"""

import io
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.core.management import call_command
from django.db import connection, connections

# The day the demo programme runs up to in every test that loads it (``seed_demo --today``): fixed, so the tests
# load the same records next year as today.
DEMO_TODAY = date(2026, 11, 16)


@dataclass(frozen=True)
class Demo:
    """The demo data a test works in: its day, what ``seed_demo`` printed (the demo log-ins) and the database."""

    today: date
    output: str
    database: str


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _on_the_server(*statements: str, params=None) -> None:
    """Statements run outside every test database (from the server's maintenance database, as Django creates its
    test databases)."""
    with connection._nodb_cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, params)


def copy_database(name: str, template: str) -> None:
    """``name`` becomes a copy of ``template`` (replacing an older ``name`` left by an interrupted run).

    PostgreSQL copies only a database nobody is connected to: this process's connections are closed first, and
    any other session still on it (an idle live-server connection) is ended; nothing else uses a test database."""
    connections.close_all()
    _on_the_server(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        params=[template],
    )
    _on_the_server(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")
    _on_the_server(f"CREATE DATABASE {_quote(name)} TEMPLATE {_quote(template)}")


def drop_database(name: str) -> None:
    connections.close_all()
    _on_the_server(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")


@contextmanager
def using_database(name: str):
    """Every connection of the process (the test's and the live server's) opens ``name`` until the block ends.

    Django's connections of every thread share one settings dict per alias; it is pointed at ``name`` and back,
    closing this thread's connections on either side (another thread's is closed after each request)."""
    settings = connection.settings_dict
    original = settings["NAME"]
    connections.close_all()
    settings["NAME"] = name
    try:
        yield
    finally:
        connections.close_all()
        settings["NAME"] = original


def build_demo_template() -> Demo:
    """The template: a copy of the migrated, empty test database with the demo data at ``DEMO_TODAY``."""
    empty = connection.settings_dict["NAME"]
    template = f"{empty}_demo"
    copy_database(template, empty)
    out = io.StringIO()
    with using_database(template):
        call_command("seed_demo", "--today", DEMO_TODAY.isoformat(), stdout=out)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # every copy starts with the planner's statistics
    return Demo(today=DEMO_TODAY, output=out.getvalue(), database=template)


def copy_of(template: Demo, suffix: str) -> Demo:
    name = f"{template.database}_{suffix}"
    copy_database(name, template.database)
    return Demo(today=template.today, output=template.output, database=name)
