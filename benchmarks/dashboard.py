"""Server time of the dashboard and the public figures page next to the figures computation they show.

    .venv/bin/python benchmarks/dashboard.py                 # demo size and 100,000 assignments
    .venv/bin/python benchmarks/dashboard.py --scale 0       # demo size only

For each size the script empties its own database (``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/ipartnerschap_bench_dash``), migrates, loads the demo data
(``seed_demo``, plus ``seed_demo --scale N`` synthetic assignments), runs ANALYZE and then measures,
in turn and in-process with Django's test client (no network, no web server):

- **floor**: one raw SQL aggregate over the assignment history (the least any figure needs);
- **figures**: ``compute_figures(D)`` alone;
- **dashboard**: ``GET /dashboard/?as_of=D`` as a coordinator (figures + charts + template);
- **public uncached**: ``GET /cijfers/?as_of=D`` after clearing the cache: the page shows the release published
  for D (``publish_figures`` in ``fill``), so it renders the release's stored figures and computes none;
- **public cached**: the same page again, its release's figures rendered once and kept (a release never changes).

Goals: dashboard ≤ 1.5 × figures; the public page ≤ 0.25 × figures (it reads a release, whatever the data size).
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ipartnerschap_bench_dash")

from benchmarks import common  # noqa: E402

DEFAULT_AS_OF = dt.date(2023, 6, 30)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=int, action="append", help="synthetic assignments on top of the demo (repeatable; 0 = demo)"
    )
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=DEFAULT_AS_OF)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measurement (median; at least 5)")
    args = parser.parse_args(argv)
    args.scale = args.scale if args.scale is not None else [0, 100_000]
    args.runs = max(args.runs, 5)
    return args


def fill(scale: int) -> None:
    common.call("migrate", "--no-input")
    common.call("seed_demo")
    if scale:
        common.call("seed_demo", "--scale", str(scale))


def publish(day) -> None:
    from partnership.models import Role, User

    User.objects.get_or_create(username="bench-publisher", defaults={"role": Role.COORDINATOR})
    common.call("publish_figures", "--as-of", day.isoformat(), "--by", "bench-publisher", "--unless-published")


def measure(scale: int, args) -> dict:
    from django.core.cache import cache
    from django.test import Client

    from assignments.models import Assignment
    from benchmarks.figures import floor_query
    from partnership.models import Role, User
    from reporting.figures import compute_figures

    common.close_connections()
    common.ensure_database(common.bench_database_url(), reset=True)
    started = time.perf_counter()
    fill(scale)
    print(f"size {scale or 'demo'}: filled in {time.perf_counter() - started:.0f} s", flush=True)
    publish(args.as_of)
    common.analyze()

    coordinator, _ = User.objects.get_or_create(username="bench-coordinator", defaults={"role": Role.COORDINATOR})
    client = Client()
    client.force_login(coordinator)
    anonymous = Client()
    day = args.as_of.isoformat()

    def dashboard():
        response = client.get(f"/dashboard/?as_of={day}")
        assert response.status_code == 200, response.status_code
        return response

    def public_uncached():
        cache.clear()
        response = anonymous.get(f"/cijfers/?as_of={day}")
        assert response.status_code == 200, response.status_code
        return response

    def public_cached():
        response = anonymous.get(f"/cijfers/?as_of={day}")
        assert response.status_code == 200, response.status_code
        return response

    medians = common.interleaved_medians(
        {
            "floor": floor_query(args.as_of),
            "figures": lambda: compute_figures(args.as_of),
            "dashboard": dashboard,
            "public uncached": public_uncached,
            "public cached": public_cached,  # runs right after the uncached one: the cache is warm
        },
        runs=args.runs,
        warmups=1,
    )
    return {
        "size": f"{scale:,}" if scale else "demo",
        "assignments": Assignment.objects.count(),
        "queries": common.count_queries(dashboard),
        **medians,
    }


def main(argv=None):
    args = parse_args(argv)
    url = common.bench_database_url()
    common.ensure_database(url)
    common.setup_django(url)
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    results = [measure(scale, args) for scale in args.scale]
    print()
    print(f"Server time in ms (median of {args.runs} interleaved runs), reference date {args.as_of}:")
    common.print_table(
        ["size", "assignments", "floor", "figures", "dashboard", "public uncached", "public cached", "queries"],
        [
            [
                r["size"],
                f"{r['assignments']:,}",
                f"{r['floor']:.1f}",
                f"{r['figures']:.1f}",
                f"{r['dashboard']:.1f}",
                f"{r['public uncached']:.1f}",
                f"{r['public cached']:.2f}",
                r["queries"],
            ]
            for r in results
        ],
    )
    print()
    print("Ratios (goal: dashboard/figures ≤ 1.5; public uncached/figures ≤ 0.25):")
    common.print_table(
        ["size", "figures/floor", "dashboard/figures", "public uncached/figures", "public uncached/cached"],
        [
            [
                r["size"],
                f"{r['figures'] / r['floor']:.2f}",
                f"{r['dashboard'] / r['figures']:.2f}",
                f"{r['public uncached'] / r['figures']:.2f}",
                f"{r['public uncached'] / r['public cached']:.1f}",
            ]
            for r in results
        ],
    )


if __name__ == "__main__":
    main()
