"""The tests' databases: migrated once per run, the demo data loaded once per run, both handed out as copies.

Migrating an empty database takes tens of seconds of CPU, and so does loading the demo data set (``seed_demo``);
copying a database takes under one (``CREATE DATABASE ... TEMPLATE``). So the processes of a run (the test workers
of pytest-xdist, or the one process without it) share two template databases, each built by the first process that
needs it while the others wait for it (an advisory lock on the server; the database's comment names the run that
built it):

- ``test_<name>_migrated``: the migrated, empty database (Django's ``create_test_db``); each worker's own test
  database (``test_<name>_gw0``, ...) is a copy of it;
- ``test_<name>_demo``: a copy of that with ``seed_demo --today DEMO_TODAY``; every module or test that asks for the
  demo works in a copy of its own, dropped afterwards.

The run's main process drops both at its end (tests/conftest.py, ``pytest_sessionfinish``). The fixtures are in
tests/conftest.py; DEVELOPERS.md, "Tests", says which to use.
"""

import io
import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.conf import settings
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


@dataclass(frozen=True)
class TestRun:
    """One run of the suite: its id (the same in all its workers) and the name its shared databases start with."""

    run: str
    base: str
    original_name: str
    own: str  # this process's test database (Django's name for it: ``test_<name>``, with the worker's suffix)

    @property
    def migrated(self) -> str:
        return f"{self.base}_migrated"

    @property
    def demo(self) -> str:
        return f"{self.base}_demo"


@contextmanager
def _server_lock(name: str):
    """An advisory lock named after ``name``, held by a connection of its own (released when the block ends, or when
    the process dies): the processes of a run take turns at building a shared database."""
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [name])
        try:
            yield
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [name])


def _comment(name: str) -> str | None:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
        row = cursor.fetchone()
    return row[0] if row else None


def shared_database(name: str, run: str, build) -> dict:
    """The database ``name`` as ``build(database)`` makes it, built once in the run ``run``: the first caller builds
    it (into a database of another name, renamed when complete) while the others wait; every caller gets the dict
    ``build`` returned. A database left by another run is built again."""
    with _server_lock(name):
        stamp = json.loads(_comment(name) or "{}")
        if stamp.get("run") != run:
            building = f"{name}_building"
            stamp = {"run": run, **build(building)}
            connections.close_all()
            _on_the_server(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")
            _on_the_server(f"ALTER DATABASE {_quote(building)} RENAME TO {_quote(name)}")
            _on_the_server(f"COMMENT ON DATABASE {_quote(name)} IS %s", params=[json.dumps(stamp)])
    return stamp


def _migrate(name: str) -> dict:
    """Django's test database, migrated, under the name ``name``."""
    test_settings = connection.settings_dict["TEST"]
    own_test_name, own_name = test_settings.get("NAME"), connection.settings_dict["NAME"]
    test_settings["NAME"] = name
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    finally:
        connections.close_all()
        test_settings["NAME"] = own_test_name
        settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = own_name
    return {}


def set_up_test_database(test_run: TestRun) -> None:
    """This process's test database: a copy of the run's migrated database."""
    shared_database(test_run.migrated, test_run.run, _migrate)
    copy_database(test_run.own, test_run.migrated)
    settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"] = test_run.own


def tear_down_test_database(test_run: TestRun) -> None:
    connection.creation.destroy_test_db(test_run.original_name, verbosity=0)


def drop_shared_databases(test_run: TestRun) -> None:
    for name in (test_run.demo, test_run.migrated):
        _on_the_server(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")


def demo_template(test_run: TestRun) -> Demo:
    """The run's template database with the demo data at ``DEMO_TODAY`` (built by the first process that asks)."""

    def load(name: str) -> dict:
        copy_database(name, test_run.migrated)
        out = io.StringIO()
        with using_database(name):
            call_command("seed_demo", "--today", DEMO_TODAY.isoformat(), stdout=out)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # every copy starts with the planner's statistics
        return {"output": out.getvalue()}

    stamp = shared_database(test_run.demo, test_run.run, load)
    return Demo(today=DEMO_TODAY, output=stamp["output"], database=test_run.demo)


def copy_of(template: Demo, name: str) -> Demo:
    copy_database(name, template.database)
    return Demo(today=template.today, output=template.output, database=name)
