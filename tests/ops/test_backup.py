"""`make backup` and `make restore`: the demo data round-trips, and the figures are the same before and after."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from tests.ops.cluster import BIN as PGSERVER_BIN

ROOT = Path(__file__).resolve().parents[2]
DATES = ["2023-06-30", "2022-12-31"]


def database_url(name: str) -> str:
    settings = connection.settings_dict
    host = settings["HOST"] or "127.0.0.1"
    host = quote(host, safe="") if host.startswith("/") else host
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{settings['USER'] or 'postgres'}@{host}{port}/{name}"


def tools() -> Path:
    """PostgreSQL's client tools of the server's major version (pg_dump refuses a newer server)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    for candidate in (Path(f"/usr/lib/postgresql/{major}/bin"), PGSERVER_BIN):
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


def figures(url: str, day: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    result = subprocess.run(  # noqa: S603 - this interpreter and our own command
        [sys.executable, "manage.py", "figures", "--as-of", day, "--format", "json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_the_same_figures(tmp_path):
    call_command("seed_demo", verbosity=0)
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
        for day in DATES:
            assert figures(target, day) == figures(source, day)
        assert figures(target, DATES[0])["assignments"]["total"] > 0
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}" WITH (FORCE)')
