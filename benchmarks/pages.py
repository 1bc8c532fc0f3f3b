"""CPU time per request of the load test's pages, in-process: Python's and PostgreSQL's, and what each query costs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mine REDIS_URL=redis://127.0.0.1:6379/1 \\
        .venv/bin/python benchmarks/pages.py [--runs 20] [--pages list dashboard public] [--explain] [--profile]

It works on the database it is given (one that holds the demo data and ``seed_demo --scale``; nothing is filled or
emptied), with the production settings when ``DJANGO_SECRET_KEY`` is set and the development settings otherwise.
Each page (the assignment list and the dashboard as the demo coordinator, ``/cijfers/`` anonymous) is requested
through Django's test client after two warm-up requests; then ``--runs`` times: wall time, the CPU seconds of this
process (``time.process_time``) and of the PostgreSQL backends connected to this database (``/proc``: the server
runs on this machine; nothing else may use the database meanwhile), and the queries of one request. Wall time
grows with the machine's load, CPU time much less: with C clients on N cores shared by the web workers and
PostgreSQL, a page answers in about C × (its CPU per request) ÷ N when the cores are busy, so the CPU per request is
what the load test's p95 follows.

- ``dashboard after a write``: the dashboard right after one change through the lifecycle's service (the figures'
  cache generation moves, as during ``load.sh`` with ``WRITER=1``), the write itself not counted;
- ``--explain``: every query of one request again with ``EXPLAIN (ANALYZE, BUFFERS)``: its execution time and
  plan's top line, slowest first;
- ``--profile``: the functions of one request that took the most time (cProfile, cumulative).
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGES = ("list", "dashboard", "dashboard-after-write", "public")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES))
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE every query of one request")
    parser.add_argument("--profile", action="store_true", help="cProfile one request per page")
    parser.add_argument("--path", default="/opdrachten/", help="the list's path and query string")
    return parser.parse_args(argv)


def setup() -> None:
    production = bool(os.environ.get("DJANGO_SECRET_KEY"))
    os.environ.setdefault(
        "DJANGO_SETTINGS_MODULE", "portal.settings.production" if production else "portal.settings.dev"
    )
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host


def backends_cpu() -> float:
    """CPU seconds (user + system) of every backend connected to this database, this query's own included."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        pids = [row[0] for row in cursor.fetchall()]
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def explain(captured: list[dict]) -> None:
    from django.db import connection

    rows = []
    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)  # nosec B608: the page's own SQL
            plan = cursor.fetchone()[0][0]
            rows.append((plan["Execution Time"], plan["Planning Time"], plan["Plan"]["Node Type"], sql))
    for execution, planning, node, sql in sorted(rows, reverse=True):
        print(f"  {execution:8.2f} ms exec {planning:6.2f} ms plan  {node:<18} {sql[:150]}")


def main(argv=None) -> int:
    args = parse_args(argv)
    setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.writer import changer

    coordinator = Client()
    coordinator.force_login(get_user_model().objects.get(username="coordinator"))
    anonymous = Client()
    change = changer(seed=1)
    paths = {
        "list": args.path,
        "dashboard-after-write": "/dashboard/",
        "dashboard": "/dashboard/",
        "public": "/cijfers/",
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM assignments_assignment")
        count = cursor.fetchone()[0]
    print(f"{count:,} assignments; load average {load()}", flush=True)
    table = []
    for page in args.pages:
        client = anonymous if page == "public" else coordinator
        path = paths[page]
        before_each = change if page == "dashboard-after-write" else None

        def get(client=client, path=path):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)  # noqa: S101  # nosec B101: a benchmark
            return response

        for _ in range(2):
            if before_each:
                before_each()
            get()
        walls, pythons, backends = [], [], []
        for _ in range(args.runs):
            if before_each:
                before_each()
            backend = backends_cpu()
            python, started = time.process_time(), time.perf_counter()
            get()
            walls.append((time.perf_counter() - started) * 1000)
            pythons.append((time.process_time() - python) * 1000)
            backends.append((backends_cpu() - backend) * 1000)
        if before_each:
            before_each()
        with CaptureQueriesContext(connection) as context:
            get()
        table.append(
            [
                page,
                f"{statistics.median(walls):.1f}",
                f"{percentile(walls, 0.95):.1f}",
                f"{statistics.mean(pythons):.1f}",
                f"{statistics.mean(backends):.1f}",
                f"{statistics.mean(pythons) + statistics.mean(backends):.1f}",
                len(context.captured_queries),
                load(),
            ]
        )
        print(" | ".join(str(cell) for cell in table[-1]), flush=True)
        if args.explain:
            if before_each:
                before_each()
            with CaptureQueriesContext(connection) as context:
                get()
            print(f"{page}: the queries of one request, slowest first")
            explain(context.captured_queries)
        if args.profile:
            if before_each:
                before_each()
            profiler = cProfile.Profile()
            profiler.runcall(get)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
            print(out.getvalue())
    from benchmarks.common import print_table

    print()
    print_table(
        ["page", "wall p50 ms", "wall p95 ms", "Python CPU ms", "PostgreSQL CPU ms", "CPU ms", "queries", "load"], table
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
