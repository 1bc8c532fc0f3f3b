"""How long the whole figures computation takes next to one raw PostgreSQL aggregate over the same data.

    .venv/bin/python benchmarks/figures.py --scale 100000 --scale 1000000

For each scale the script empties its own database (``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/ipartnerschap_bench``; created when missing), migrates it,
loads the demo data (``seed_demo``) and N synthetic assignments with complete histories
(``seed_demo --scale N`` when that option exists, otherwise the filler below, which goes through
``assignments.lifecycle.import_histories`` like the demo data does), runs ANALYZE, and then measures
in the same run, alternating, after a warm-up:

- **figures**: ``reporting.figures.compute_figures(D)``, everything the dashboard shows (all its
  queries plus building the dict in Python);
- **floor**: ONE raw SQL statement that any figure of the assignment history needs at least: the
  number of assignments per education level at D, i.e. the history table joined to the
  assignments, filtered to the rows current at the end of D (``at < end < ended_at`` or no
  ``ended_at``) whose state is counted (preparation, execution, completed), grouped by level.

It prints the medians, their ratio (the goal: at most 2 at 1,000,000 assignments) and the number
of queries ``compute_figures`` made (the goal: the same at every scale). ``--reuse`` skips the fill
when the database already holds at least N assignments (to repeat a measurement).
"""

import argparse
import datetime as dt
import random
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
    parser.add_argument("--reuse", action="store_true", help="keep the data when it already holds N assignments")
    parser.add_argument(
        "--filler", action="store_true", help="use this script's filler even if seed_demo --scale exists"
    )
    args = parser.parse_args(argv)
    args.scale = args.scale or [100_000]
    args.runs = max(args.runs, 5)
    return args


# --- synthetic data (until or unless seed_demo --scale exists) ------------------------------

# Final states with their weight and path; the counted states dominate, as in the programme.
PATHS = [
    (45, ("submitted", "open", "preparation", "execution", "completed")),
    (10, ("submitted", "open", "preparation", "execution")),
    (14, ("draft", "submitted", "open", "preparation")),
    (6, ("submitted", "open")),
    (4, ("submitted",)),
    (3, ("draft",)),
    (6, ("submitted", "rejected")),
    (6, ("draft", "submitted", "open", "withdrawn")),
    (6, ("submitted", "open", "preparation", "cancelled")),
]
KINDS = [("internship", 40), ("graduation", 26), ("group", 31), ("hackathon", 3)]
LEVELS = [("MBO", 3), ("HBO", 64), ("WO", 33)]


def base_records():
    """Themes and organisations to hang synthetic assignments on: the demo's, or a minimal set."""
    from partnership.models import Organisation, OrganisationKind, Theme

    themes = list(Theme.objects.filter(for_assignments=True))
    if not themes:
        names = ["Datamanagement & AI", "Cyberveiligheid", "Informatiehuishouding", "Blockchain", "Software", "Proces"]
        themes = [Theme.objects.create(slug=f"bench-theme-{n}", name=name, position=n) for n, name in enumerate(names)]
    government = list(Organisation.objects.filter(kind=OrganisationKind.GOVERNMENT))
    if not government:
        government = [
            Organisation.objects.create(
                name=f"Rijksorganisatie {n}",
                short_name=f"RO{n}",
                kind="government",
                partnership_start=dt.date(2020, 6, 1),
            )
            for n in range(64)
        ]
    education = {level: [] for level, _weight in LEVELS}
    for organisation in Organisation.objects.filter(kind=OrganisationKind.EDUCATION):
        education[organisation.education_level].append(organisation)
    for level, _weight in LEVELS:
        if not education[level]:
            education[level] = [
                Organisation.objects.create(
                    name=f"Onderwijsinstelling {level} {n}",
                    short_name=f"OI-{level}-{n}",
                    kind="education",
                    education_level=level,
                    partnership_start=dt.date(2020, 6, 1),
                )
                for n in range(12)
            ]
    return themes, government, education


def synthetic_assignments(count: int, *, seed: int = 2023):
    """``count`` assignments with believable histories between June 2020 and mid 2024 (deterministic)."""
    from django.utils import timezone

    from assignments.lifecycle import Step
    from assignments.models import Assignment

    themes, government, education = base_records()
    rng = random.Random(seed)
    weights = [weight for weight, _path in PATHS]
    paths = [path for _weight, path in PATHS]
    first = dt.datetime(2020, 6, 15, 9, tzinfo=timezone.get_current_timezone())
    span = (dt.datetime(2023, 12, 31, tzinfo=first.tzinfo) - first).total_seconds()
    for number in range(count):
        path = rng.choices(paths, weights)[0]
        kind = rng.choices([k for k, _w in KINDS], [w for _k, w in KINDS])[0]
        level = rng.choices([lv for lv, _w in LEVELS], [w for _lv, w in LEVELS])[0]
        matched = "preparation" in path
        at = first + dt.timedelta(seconds=rng.random() * span)
        steps = []
        for to_state in path:
            steps.append(Step(to_state=to_state, at=at))
            at += dt.timedelta(days=rng.randint(2, 90), minutes=rng.randint(0, 600))
        assignment = Assignment(
            title=f"Benchmarkopdracht {number}",
            description="Synthetische opdracht voor de benchmark.",
            kind=kind,
            theme=rng.choice(themes),
            government_organisation=rng.choice(government),
            education_organisation=rng.choice(education[level]) if matched else None,
            level=level if matched else "",
            student_count=1 if kind != "group" else rng.randint(2, 6),
        )
        yield assignment, steps


def fill(scale: int, *, use_filler: bool) -> str:
    from assignments.lifecycle import import_histories

    common.call("migrate", "--no-input")
    if common.command_accepts("seed_demo", "--scale") and not use_filler:
        common.call("seed_demo")
        common.call("seed_demo", "--scale", str(scale))
        return "seed_demo --scale"
    if common.command_exists("seed_demo"):
        common.call("seed_demo")
    import_histories(synthetic_assignments(scale))
    return "benchmarks filler"


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
    from reporting.figures import compute_figures

    common.close_connections()
    fresh = common.ensure_database(common.bench_database_url(), reset=not args.reuse)
    source = "reused"
    if fresh or Assignment.objects.count() < scale:
        if not fresh:
            common.close_connections()
            common.ensure_database(common.bench_database_url(), reset=True)
        started = time.perf_counter()
        source = fill(scale, use_filler=args.filler)
        print(f"scale {scale:,}: filled with {source} in {time.perf_counter() - started:.0f} s", flush=True)
    common.analyze()
    floor = floor_query(args.as_of)

    def figures():
        return compute_figures(args.as_of)

    medians = common.interleaved_medians({"figures": figures, "floor": floor}, runs=args.runs, warmups=1)
    queries = common.count_queries(figures)
    result = figures()
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
        f"{medians['floor']:.0f}",
        f"{medians['figures'] / medians['floor']:.2f}",
        queries,
    ]


def main(argv=None):
    args = parse_args(argv)
    url = common.bench_database_url()
    common.ensure_database(url)
    common.setup_django(url)
    rows = [measure(scale, args) for scale in args.scale]
    print()
    print(f"compute_figures({args.as_of}) against the floor (one raw aggregate), median of {args.runs} runs:")
    common.print_table(["scale", "assignments", "rows in history", "figures ms", "floor ms", "ratio", "queries"], rows)


if __name__ == "__main__":
    main()
