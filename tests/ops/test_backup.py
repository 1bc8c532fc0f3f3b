"""`make backup` and `make restore`: the demo data round-trips, and the figures are the same before and after.

The make targets get libpq URLs (a socket folder percent-encoded as the host, for the embedded PostgreSQL); the
figures of the restored copy are computed through the test's own connection, pointed at the copy."""

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from reporting.figures import compute_figures
from tests.ops.cluster import BIN as EMBEDDED_BIN
from tests.ops.cluster import libpq_url

ROOT = Path(__file__).resolve().parents[2]
DATES = ["2023-06-30", "2022-12-31"]


def database_url(name: str) -> str:
    return libpq_url(connection.settings_dict, name)


def tools() -> Path:
    """PostgreSQL's client tools of the server's major version (pg_dump refuses a newer server)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    for candidate in (Path(f"/usr/lib/postgresql/{major}/bin"), EMBEDDED_BIN):
        version = (
            subprocess.run(  # noqa: S603 - a fixed command line
                [str(candidate / "pg_dump"), "--version"], capture_output=True, text=True, check=False
            ).stdout
            if (candidate / "pg_dump").exists()
            else ""
        )
        if f" {major}." in version:
            return candidate
    pytest.fail(f"no pg_dump for PostgreSQL {major}")


def make(target: str, env: dict, **variables) -> subprocess.CompletedProcess:
    args = [shutil.which("make"), "--no-print-directory", target, *[f"{k}={v}" for k, v in variables.items()]]
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603


def figures_of(database_name: str) -> list[dict]:
    """The figures of both dates, computed from ``database_name`` through the test's own connection settings."""
    settings = connection.settings_dict
    original = settings["NAME"]
    connection.close()
    settings["NAME"] = database_name
    try:
        return [compute_figures(dt.date.fromisoformat(day)) for day in DATES]
    finally:
        connection.close()
        settings["NAME"] = original


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_the_same_figures(demo_database, tmp_path):
    """The source is a copy of the demo data at the tests' pinned day (tests/databases.py)."""
    source_figures = [compute_figures(dt.date.fromisoformat(day)) for day in DATES]
    source = database_url(connection.settings_dict["NAME"])
    target_name = f"{connection.settings_dict['NAME']}_restore"
    target = database_url(target_name)
    pg = tools()
    env = {**os.environ, "DATABASE_URL": source}
    variables = {
        "PG_DUMP": pg / "pg_dump",
        "PG_RESTORE": pg / "pg_restore",
        "PSQL": pg / "psql",
        "BACKUP_DIR": tmp_path,
    }

    backup = make("backup", env, **variables)
    assert backup.returncode == 0, backup.stderr
    (dump,) = tmp_path.glob("portal-*.dump")
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's compressed custom format

    refused = make("restore", env, FILE=dump, **variables)  # the source is not empty
    assert refused.returncode != 0 and "not empty" in refused.stdout + refused.stderr

    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
        cursor.execute(f'CREATE DATABASE "{target_name}"')
    try:
        restored = make("restore", {**os.environ, "DATABASE_URL": target}, FILE=dump, **variables)
        assert restored.returncode == 0, restored.stderr
        restored_figures = figures_of(target_name)
        assert restored_figures == source_figures
        assert restored_figures[0]["assignments"]["total"] > 0
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
