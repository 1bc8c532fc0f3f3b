"""How long the whole figures computation takes next to one raw PostgreSQL aggregate over the same data.

    .venv/bin/python benchmarks/figures.py --scale 100000 --scale 1000000

For each scale the script empties its own database (``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/ipartnerschap_bench``; created when missing), migrates it,
loads the demo data (``seed_demo``) and N synthetic assignments with complete histories (the
``seed_demo --scale`` loader, ``exchange.demo.scale.add_synthetic_assignments``), and then, after each of
``--analyze-runs`` ANALYZE runs (each samples other rows, so the planner may choose other plans), measures in the
same run, alternating, after a warm-up:

- **figures**: ``reporting.figures.compute_figures(D)``, everything the dashboard shows (all its
  queries plus building the dict in Python), cold (no cache): the assignment figures from the summaries the triggers
  keep (``reporting.summaries``);
- **reference**: ``compute_figures(D, from_history=True)``, the same figures computed from the history (the
  computation before the summaries, kept as the reference);
- **warm**: ``reporting.cache.figures(D)`` with the value in the cache (the generation's query and a cache read);
- **floor**: ONE raw SQL statement that any figure of the assignment history needs at least: the
  number of assignments per education level at D, i.e. the history table joined to the
  assignments, filtered to the rows current at the end of D (``at < end < ended_at`` or no
  ``ended_at``) whose state is counted (preparation, execution, completed), grouped by level.

It prints the medians of the median ANALYZE run and of the worst one, their ratios to the floor (the goals: the
figures at most 0.42x the floor at 1,000,000 assignments, warm at most 5 ms), whether the figures equal the
reference, the number of queries ``compute_figures`` made (the goal: the same at every scale) and the load average
(``os.getloadavg``) at the end of each scale's measurement: the machine may be shared.
``--reuse`` skips the fill
when the database already holds at least N assignments (to repeat a measurement).
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # noqa: E402

DEFAULT_AS_OF = dt.date(2023, 6, 30)
FLOOR_SQL = """
    SELECT a.level, count(*)
    FROM {transitions} t
    JOIN {assignments} a ON a.id = t.assignment_id
    WHERE t.at < %s AND (t.ended_at IS NULL OR t.ended_at >= %s) AND t.to_state IN ({counted})
    GROUP BY a.level
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append", help="synthetic assignments (repeatable)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=DEFAULT_AS_OF)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measurement (median; at least 5)")
    parser.add_argument("--analyze-runs", type=int, default=5, help="ANALYZE runs, each followed by a measurement")
    parser.add_argument("--reuse", action="store_true", help="keep the data when it already holds N assignments")
    args = parser.parse_args(argv)
    args.scale = args.scale or [100_000]
    args.runs = max(args.runs, 5)
    return args


# --- data --------------------------------------------------------------------------------


def fill(scale: int) -> str:
    """Migrate, load the demo data and ``scale`` synthetic assignments (``seed_demo --scale``'s loader)."""
    from exchange.demo.scale import add_synthetic_assignments

    common.call("migrate", "--no-input")
    common.call("seed_demo")
    add_synthetic_assignments(scale)
    return "seed_demo --scale"


# --- measurement ---------------------------------------------------------------------------


def floor_query(as_of: dt.date):
    from django.db import connection

    from assignments.models import COUNTED_STATES, Assignment, AssignmentTransition
    from reporting.figures import end_of_day

    sql = FLOOR_SQL.format(
        transitions=AssignmentTransition._meta.db_table,
        assignments=Assignment._meta.db_table,
        counted=", ".join(["%s"] * len(COUNTED_STATES)),
    )
    until = end_of_day(as_of)

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, [until, until, *COUNTED_STATES])
            return cursor.fetchall()

    return run


def measure(scale: int, args) -> list[object]:
    from django.db import connection

    from assignments.models import Assignment, AssignmentTransition
    from reporting import cache as figures_cache
    from reporting.figures import compute_figures

    common.close_connections()
    fresh = common.ensure_database(common.bench_database_url(), reset=not args.reuse)
    source = "reused"
    if fresh or Assignment.objects.count() < scale:
        if not fresh:
            common.close_connections()
            common.ensure_database(common.bench_database_url(), reset=True)
        started = time.perf_counter()
        source = fill(scale)
        print(f"scale {scale:,}: filled with {source} in {time.perf_counter() - started:.0f} s", flush=True)
    if source == "reused":  # migrations added since the fill (the summaries' triggers fill them for the data)
        common.call("migrate", "--no-input")
    floor = floor_query(args.as_of)

    def figures():
        return compute_figures(args.as_of)

    def reference():
        return compute_figures(args.as_of, from_history=True)

    # ANALYZE samples rows at random, so each run may leave the planner other statistics and other plans: measure
    # after each of several ANALYZE runs and report the median run and the worst.
    per_analyze = []
    for _ in range(args.analyze_runs):
        common.analyze()
        per_analyze.append(
            common.interleaved_medians(
                {"figures": figures, "reference": reference, "floor": floor}, runs=args.runs, warmups=1
            )
        )
    per_analyze.sort(key=lambda run: run["figures"])
    medians = per_analyze[len(per_analyze) // 2]
    worst = per_analyze[-1]
    queries = common.count_queries(figures)
    result = figures()
    same = result == reference()
    figures_cache.figures(args.as_of)  # stored; the runs below read it
    warm, _runs = common.median_ms(lambda: figures_cache.figures(args.as_of), runs=max(args.runs, 21))
    load = "/".join(f"{value:.1f}" for value in os.getloadavg())
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_parallel_workers_per_gather')")
        workers = cursor.fetchone()[0]
    print(
        f"scale {scale:,}: {result['assignments']['total']:,} assignments counted at {args.as_of}; "
        f"max_parallel_workers_per_gather={workers}",
        flush=True,
    )
    return [
        f"{scale:,}",
        f"{Assignment.objects.count():,}",
        f"{AssignmentTransition.objects.count():,}",
        f"{medians['figures']:.0f}",
        f"{medians['reference']:.0f}",
        f"{medians['floor']:.0f}",
        f"{medians['figures'] / medians['floor']:.2f}",
        f"{medians['reference'] / medians['floor']:.2f}",
        f"{worst['figures'] / worst['floor']:.2f}",
        f"{warm:.1f}",
        "yes" if same else "NO",
        queries,
        load,
    ]


def main(argv=None):
    args = parse_args(argv)
    url = common.bench_database_url()
    common.ensure_database(url)
    common.setup_django(url)
    rows = [measure(scale, args) for scale in args.scale]
    print()
    print(
        f"compute_figures({args.as_of}) against the floor (one raw aggregate), median of {args.runs} runs, after "
        f"each of {args.analyze_runs} ANALYZE runs: the median run and the worst:"
    )
    common.print_table(
        [
            "scale",
            "assignments",
            "rows in history",
            "figures ms",
            "reference ms",
            "floor ms",
            "ratio",
            "reference ratio",
            "worst ratio",
            "warm ms",
            "same",
            "queries",
            "load 1/5/15 min",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
