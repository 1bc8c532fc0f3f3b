"""Embedded PostgreSQL for machines without a database server.

Used only when ``DATABASE_URL`` is not set: ``pgserver`` ships PostgreSQL binaries as a
wheel and runs one server per data folder. The server outlives the process, so the
development server's reloads and repeated test runs share it.
"""

from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata" / "db"
DATABASE_NAME = "ipartnerschap"


def embedded_database(data_dir: Path = DEFAULT_DATA_DIR) -> dict:
    """Start (or reuse) the embedded server and return a Django DATABASES entry."""
    import logging
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    import pgserver  # imported lazily: production never needs it

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    # bandit B608: a constant database name of ours
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # nosec B608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(data_dir),
    }
