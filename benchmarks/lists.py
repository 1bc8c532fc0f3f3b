"""The coordinators' assignment list and its exports next to the raw SQL of the same page and rows.

    .venv/bin/python benchmarks/lists.py --scale 100000 --scale 1000000

For each scale the script empties its own database (``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/ipartnerschap_bench``; created when missing), migrates it, loads the demo data
(``seed_demo``) and N synthetic assignments with histories (``seed_demo --scale``'s loader), runs ANALYZE, and then
measures, alternating after a warm-up (median of ``--runs``), each case against its baseline taken in the same run:

- a list page (Django's test client, logged in as the demo coordinator: middleware, session, filters, the capped
  count, the page's rows, the template) against **the raw SQL of that page**: the statements the page ran on the
  assignments table, captured once and replayed through a bare cursor;
- the export of the whole list (CSV and XLSX, read to the last byte) against PostgreSQL writing the same rows as CSV
  itself (``COPY (the export's SELECT) TO STDOUT``), and the time to the export's first piece.

The cases: the default page (``-state_changed_at, -id``), the deepest pages (the list pages by key: the page after
the 30th row from the end, by its key, and ``?page=last``), a filter on the state, free text ``?q=`` that few rows
match (trigram index), and the admin's search. It prints the plan of the free-text query, the queries per page at
every scale and, with ``--peak``, the export's peak Python memory (tracemalloc slows it several times). Last, the
goals of issue 21, each from the same run: the deepest page ÷ the first (≤ 1.2) and the export's first byte
(≤ 0.5 s), with the load average (``uptime``) next to every number: the machine is shared.
``--reuse`` keeps a database that already holds N assignments.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # noqa: E402

SEARCH = "1-4242"  # in the synthetic titles "Synthetische opdracht <run>-<n>": a handful of rows per 100,000


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append", help="synthetic assignments (repeatable)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measurement (median; at least 3)")
    parser.add_argument(
        "--export-runs", type=int, default=3, help="timed runs of each whole export (0: only their first rows)"
    )
    parser.add_argument("--peak", action="store_true", help="also the exports' peak Python memory (tracemalloc)")
    parser.add_argument("--reuse", action="store_true", help="keep the data when it already holds N assignments")
    args = parser.parse_args(argv)
    args.scale = args.scale or [100_000]
    args.runs = max(args.runs, 3)
    return args


def fill(scale: int) -> None:
    from exchange.demo.scale import add_synthetic_assignments

    common.call("migrate", "--no-input")
    common.call("seed_demo")
    add_synthetic_assignments(scale)


def coordinator_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="coordinator"))
    return client


def admin_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user_model = get_user_model()
    user = user_model.objects.filter(is_superuser=True, is_active=True).first()
    if user is None:
        user = user_model.objects.create_superuser("bench-admin", "bench@example.invalid", None, role="admin")
    client = Client()
    client.force_login(user)
    return client


def _get(client, url):
    def run():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        if response.streaming:
            return sum(len(piece) for piece in response.streaming_content)
        return len(response.content)

    return run


def page_sql(client, url) -> tuple[list[str], int]:
    """The statements a page ran on the assignments table (parameters bound), and how many queries it ran."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _get(client, url)()
    statements = [query["sql"] for query in captured.captured_queries if '"assignments_assignment"' in query["sql"]]
    return statements, len(captured.captured_queries)


def raw(statements: list[str]):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return run


def export_select(query: str) -> str:
    """The export's SELECT as the export runs it (filters and order), with its parameters bound."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = coordinator_client()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/opdrachten/export/?format=csv&{query}")
        next(iter(response.streaming_content))
        next(iter(response.streaming_content))
        response.close()
    sql = next(q["sql"] for q in captured.captured_queries if '"assignments_assignment"."title"' in q["sql"])
    return sql[sql.index("SELECT") :]  # without the server-side cursor's DECLARE ... FOR


def copy_csv(select: str):
    from django.db import connection

    def run():
        size = 0
        statement = f"COPY ({select}) TO STDOUT WITH (FORMAT csv, DELIMITER ';', HEADER)"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for data in copy:
                size += len(data)
        return size

    return run


def first_piece_ms(client, url) -> float:
    started = time.perf_counter()
    response = client.get(url)
    pieces = iter(response.streaming_content)
    next(pieces)
    next(pieces)  # the header, then the first rows
    elapsed = (time.perf_counter() - started) * 1000
    response.close()
    return elapsed


def export_peak_mib(client, url) -> float:
    tracemalloc.start()
    _get(client, url)()
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def load() -> str:
    return "load " + " ".join(f"{value:.1f}" for value in os.getloadavg())


def deep_key() -> str:
    """``?page=`` of the page after the 30th row from the end of the default order: a page as deep as any."""
    from assignments import selectors
    from partnership import lists

    queryset = selectors.all_assignments()
    keys = lists.sort_keys(queryset)
    backward = queryset.order_by(*(key.flipped().ordering for key in keys))
    row = backward.values_list(*(key.path for key in keys))[29]
    return lists.AFTER + lists.encode_key(keys, list(row))


def measure(scale: int, args) -> tuple[list[list[object]], list[str], list[str]]:
    from django.db import connection

    from assignments.models import Assignment

    common.close_connections()
    fresh = common.ensure_database(common.bench_database_url(), reset=not args.reuse)
    if fresh or Assignment.objects.count() < scale:
        if not fresh:
            common.close_connections()
            common.ensure_database(common.bench_database_url(), reset=True)
        started = time.perf_counter()
        fill(scale)
        print(f"scale {scale:,}: filled in {time.perf_counter() - started:.0f} s", flush=True)
    common.analyze()
    total = Assignment.objects.count()
    client, admin = coordinator_client(), admin_client()
    cases = {
        "list, default order": (client, "/opdrachten/"),
        "list, 30 rows from the end (by key)": (client, f"/opdrachten/?page={deep_key()}"),
        "list, ?page=last": (client, "/opdrachten/?page=last"),
        "list, ?state=open": (client, "/opdrachten/?state=open"),
        f"list, ?q={SEARCH}": (client, f"/opdrachten/?q={SEARCH}"),
        f"admin, ?q={SEARCH}": (admin, f"/admin/assignments/assignment/?q={SEARCH}"),
    }
    rows = []
    for name, (who, url) in cases.items():
        statements, queries = page_sql(who, url)
        medians = common.interleaved_medians({"page": _get(who, url), "sql": raw(statements)}, runs=args.runs)
        rows.append([f"{total:,}", name, queries, f"{medians['page']:.1f}", f"{medians['sql']:.1f}", _ratio(medians)])
        print("  ".join(str(cell) for cell in rows[-1]), f"({load()})", flush=True)
    # the goal: the deepest pages against the first, alternating in the same run
    first, deep = cases["list, default order"][1], cases["list, 30 rows from the end (by key)"][1]
    depth = common.interleaved_medians(
        {"first": _get(client, first), "deep": _get(client, deep), "last": _get(client, "/opdrachten/?page=last")},
        runs=args.runs,
    )
    goals = [
        f"scale {total:,}: deepest page by key {depth['deep']:.1f} ms, last page {depth['last']:.1f} ms, first page "
        f"{depth['first']:.1f} ms: deepest ÷ first {depth['deep'] / depth['first']:.2f}, last ÷ first "
        f"{depth['last'] / depth['first']:.2f} (goal ≤ 1.2; median of {args.runs}, {load()})"
    ]
    print(goals[-1], flush=True)
    select = export_select("")
    for chosen in ("csv", "xlsx"):
        url = f"/opdrachten/export/?format={chosen}"
        first_piece_ms(client, url)  # warm-up: the first download in a process reads the lookups
        firsts, pages = [], []
        for _ in range(args.runs):  # alternating with the list's first page, the baseline of the same run
            firsts.append(first_piece_ms(client, url))
            pages.append(common.median_ms(_get(client, "/opdrachten/"), runs=1, warmups=0)[0])
        first, page = statistics.median(firsts), statistics.median(pages)
        goals.append(
            f"scale {total:,}: export {chosen.upper()} first rows after {first / 1000:.2f} s, the list's first page "
            f"{page / 1000:.2f} s: ratio {first / page:.2f} (goal ≤ 0.5 s; median of {args.runs}, {load()})"
        )
        print(goals[-1], flush=True)
        if args.export_runs < 1:
            continue
        queries_per_export = common.count_queries(_get(client, url))  # also the warm-up
        medians = common.interleaved_medians(
            {"page": _get(client, url), "sql": copy_csv(select)}, runs=args.export_runs, warmups=0
        )
        rows.append(
            [
                f"{total:,}",
                f"export {chosen.upper()}, all rows (first piece {first_piece_ms(client, url):.0f} ms"
                + (f", peak {export_peak_mib(client, url):.1f} MiB)" if args.peak else ")"),
                queries_per_export,
                f"{medians['page']:.0f}",
                f"{medians['sql']:.0f}",
                _ratio(medians),
            ]
        )
        print("  ".join(str(cell) for cell in rows[-1]), f"({load()})", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {page_sql(client, f'/opdrachten/?q={SEARCH}')[0][-1]}")
        plan = [line for (line,) in cursor.fetchall()]
    return rows, plan, goals


def _ratio(medians: dict[str, float]) -> str:
    return f"{medians['page'] / medians['sql']:.2f}"


def main(argv=None):
    import logging

    args = parse_args(argv)
    url = common.bench_database_url()
    common.ensure_database(url)
    common.setup_django(url)
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    logging.getLogger("portal.requests").setLevel(logging.WARNING)  # no line per request
    table, goals = [], []
    for scale in args.scale:
        rows, plan, reached = measure(scale, args)
        table.extend(rows)
        goals.extend(reached)
        print(f"\nscale {scale:,}: plan of the ?q={SEARCH} page's rows:")
        print("\n".join(f"    {line}" for line in plan), flush=True)
    print()
    print(
        f"Each case against its baseline in the same run: median of {args.runs} runs (exports: "
        f"{args.export_runs}), alternating; ms. Baseline: the page's own SQL on the assignments table replayed "
        "through a bare cursor; for the exports, COPY (the export's SELECT) TO STDOUT as CSV."
    )
    common.print_table(["assignments", "case", "queries", "portal ms", "raw SQL ms", "ratio"], table)
    print(f"\nGoals (issue 21), each measured in this run on a shared machine ({load()} now):")
    print("\n".join(f"- {line}" for line in goals))


if __name__ == "__main__":
    main()
