"""Backtest of the matching advice over the assignment history, against two baselines, with its speed.

    .venv/bin/python benchmarks/matching.py                      # the demo, then the demo plus 100,000
    .venv/bin/python benchmarks/matching.py --scale 0            # the demo only
    .venv/bin/python benchmarks/matching.py --scale 100000 --reuse
    .venv/bin/python benchmarks/matching.py --scale 0 --reuse --weights   # each weight changed alone

For every assignment that entered preparation with an education partner (a *case*), the advice is computed with only
what was recorded before the request was opened (its step into "open"): completions, interests, declines and loads
before that moment, partnerships as on that day (``assignments.matching``: every read is ``< moment``). The rank of
the institution that took it is its place in the ranking; an institution the hard filters removed has no rank
(reciprocal rank 0). Two baselines rank the same moment's candidates:

- **most-completions**: the most assignments completed before the moment (all organisations, all themes);
- **random**: a shuffle seeded per case (``random.Random(f"{SEED}-{case id}")``).

Each baseline is measured twice: over the institutions the advice's hard filters keep (so only the factors differ:
the main line) and over every institution with a partnership on that day (the level unknown to the baseline).

Quality is measured on the demo's cases (the synthetic assignments of ``--scale`` are taken by the three synthetic
institutions, which are no partners); at 100,000 the same cases are advised again against the bigger tables, and the
time to advise one request (its query included, in-process) gives the median and p95. The cases are one batch: the
institutions, the theme names and the candidates' history (``matching.HistoryIndex``) are loaded once for it (the
time printed apart), every tenth case is advised again through the per-request aggregate and the number of
rankings that differ is printed (0 expected). A stress run makes the synthetic institutions partners in the
benchmark database (on by default at a scale above 0; ``--no-stress`` skips it), so that the advice's history holds
their 100,000 assignments too.

The last line is the issue's: ``hit@3 advice/most-completions/random: A/B/C; MRR advice/most-completions/random:
D/E/F; p95 ms per request: P`` (within the filters; P from the largest scale as seeded).
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ipartnerschap_bench_matching")

from benchmarks import common  # noqa: E402

SEED = "matching-backtest"
IDENTITY_SAMPLE = 10  # every tenth case (by id) is advised a second time through the per-request aggregate
TODAY = "2026-12-01"  # the demo's day, pinned so that runs compare


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append", help="synthetic assignments (repeatable; 0 = demo)")
    parser.add_argument("--reuse", action="store_true", help="keep a database that already holds the data")
    parser.add_argument("--no-stress", action="store_true", help="skip the run with the synthetic partners")
    parser.add_argument(
        "--weights", action="store_true", help="also rank the cases with each weight changed alone (sensitivity)"
    )
    args = parser.parse_args(argv)
    args.scale = args.scale if args.scale is not None else [0, 100_000]
    return args


@dataclass(frozen=True)
class Case:
    assignment_id: int
    opened_at: dt.datetime
    taker_id: int


def cases(*, synthetic: bool = False) -> list[Case]:
    """Every assignment that entered preparation with a partner, with the moment its request was opened."""
    from assignments.models import Assignment, AssignmentState, AssignmentTransition
    from exchange.demo.scale import GOVERNMENT_SHORT_NAME

    matched = AssignmentTransition.objects.filter(to_state=AssignmentState.PREPARATION).values("assignment_id")
    queryset = Assignment.objects.filter(pk__in=matched, education_organisation__isnull=False)
    if not synthetic:
        queryset = queryset.exclude(government_organisation__short_name=GOVERNMENT_SHORT_NAME)
    opened = dict(
        AssignmentTransition.objects.filter(
            to_state=AssignmentState.OPEN, assignment_id__in=queryset.values("pk")
        ).values_list("assignment_id", "at")
    )
    rows = queryset.order_by("pk").values_list("pk", "education_organisation_id")
    return [Case(pk, opened[pk], taker) for pk, taker in rows if pk in opened]


def _rank_of(order: list[int], taker: int) -> int | None:
    try:
        return order.index(taker) + 1
    except ValueError:
        return None


@dataclass
class Tally:
    ranks: list[int | None] = field(default_factory=list)

    def add(self, rank: int | None) -> None:
        self.ranks.append(rank)

    def hit(self, k: int) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= k) / len(self.ranks) if self.ranks else 0.0

    @property
    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks if r is not None) / len(self.ranks) if self.ranks else 0.0

    @property
    def unranked(self) -> int:
        return sum(1 for r in self.ranks if r is None)


def completions_before(moment, institution_ids) -> Counter:
    """Per institution, the assignments it completed before ``moment`` (the baseline's own query, not timed)."""
    from django.db.models import Count

    from assignments.models import AssignmentState, AssignmentTransition

    return Counter(
        dict(
            AssignmentTransition.objects.filter(
                to_state=AssignmentState.COMPLETED,
                at__lt=moment,
                assignment__education_organisation_id__in=list(institution_ids),
            )
            .values_list("assignment__education_organisation_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )


def most_completions(candidates, records) -> list[int]:
    """Baseline: the most assignments completed before the moment first (ties: name, id)."""
    ordered = sorted(candidates, key=lambda c: (-records[c.id], c.name.casefold(), c.id))
    return [c.id for c in ordered]


def seeded_random(candidates, case: Case) -> list[int]:
    """Baseline: a shuffle seeded by the case, the same every run."""
    ids = sorted(c.id for c in candidates)
    random.Random(f"{SEED}-{case.assignment_id}").shuffle(ids)  # nosec B311: a seeded baseline, not security
    return ids


# Each weight changed alone (factor, new weight), and each factor alone; interest and load are absent in the demo.
WEIGHT_VARIANTS = [
    ("primary_theme", 2),
    ("primary_theme", 4),
    ("same_organisation", 1),
    ("same_organisation", 3),
    ("theme_experience", 0),
    ("theme_experience", 2),
]


def sensitivity(the_cases: list[Case]) -> None:
    """hit@1, hit@3 and MRR with the default weights, each variant of ``WEIGHT_VARIANTS`` and each factor alone: the
    capped raw values of the kept institutions are read once per case and re-weighted (same tie rule)."""
    from assignments import matching
    from assignments.models import Assignment

    assignments = Assignment.objects.in_bulk([case.assignment_id for case in the_cases])
    context = matching.load_context(with_history=True)
    data = []
    for case in the_cases:
        advice = matching.advise(assignments[case.assignment_id], moment=case.opened_at, context=context)
        rows = [
            (r.candidate.name.casefold(), r.candidate.id, {s.factor.key: min(s.raw, s.factor.cap) for s in r.scores})
            for r in advice.ranking
        ]
        data.append((case.taker_id, rows))

    def tally(weights) -> Tally:
        result = Tally()
        for taker, rows in data:
            order = sorted(rows, key=lambda r: (-round(sum(weights[k] * v for k, v in r[2].items()), 2), r[0], r[1]))
            result.add(_rank_of([r[1] for r in order], taker))
        return result

    default = dict(matching.DEFAULT_WEIGHTS)
    variants = [("defaults", default)]
    for key, weight in WEIGHT_VARIANTS:
        variants.append((f"{key} {weight} (default {default[key]})", default | {key: weight}))
    variants += [(f"{key} alone", dict.fromkeys(default, 0) | {key: 1}) for key in default]
    rows = []
    for name, weights in variants:
        t = tally(weights)
        rows.append([name, f"{t.hit(1):.3f}", f"{t.hit(3):.3f}", f"{t.mrr:.3f}"])
    common.print_table(["weights", "hit@1", "hit@3", "MRR"], rows)


def run(the_cases: list[Case]) -> tuple[dict[str, Tally], list[float]]:
    """Advise every case as of its opening moment; rank by the baselines from the same records; time each advice."""
    from assignments import matching
    from assignments.models import Assignment

    tallies = {
        name: Tally()
        for name in (
            "advice",
            "most-completions",
            "random",
            "most-completions (all partners)",
            "random (all partners)",
        )
    }
    timings = []
    assignments = Assignment.objects.in_bulk([case.assignment_id for case in the_cases])
    # The institutions, the theme names and the candidates' history (``HistoryIndex``): loaded once for the batch.
    started = time.perf_counter()
    context = matching.load_context(with_history=True)
    batch_ms = (time.perf_counter() - started) * 1000
    plain = matching.load_context()
    differing = 0
    for case in the_cases:
        assignment = assignments[case.assignment_id]
        started = time.perf_counter()
        advice = matching.advise(assignment, moment=case.opened_at, context=context)
        timings.append((time.perf_counter() - started) * 1000)
        if case.assignment_id % IDENTITY_SAMPLE == 0:  # the index gives what the per-request aggregate gives
            again = matching.advise(assignment, moment=case.opened_at, context=plain)
            differing += [(r.candidate.id, r.total) for r in again.ranking] != [
                (r.candidate.id, r.total) for r in advice.ranking
            ]
        kept = [ranked.candidate for ranked in advice.ranking]
        day = matching.timezone.localdate(case.opened_at)
        partners = [r.candidate for r in advice.removed if r.candidate.partner_on(day)] + kept
        records = completions_before(case.opened_at, [c.id for c in partners])
        tallies["advice"].add(advice.rank_of(case.taker_id))

        tallies["most-completions"].add(_rank_of(most_completions(kept, records), case.taker_id))
        tallies["random"].add(_rank_of(seeded_random(kept, case), case.taker_id))
        tallies["most-completions (all partners)"].add(_rank_of(most_completions(partners, records), case.taker_id))
        tallies["random (all partners)"].add(_rank_of(seeded_random(partners, case), case.taker_id))
    print(
        f"history loaded once for the batch: {batch_ms:.0f} ms; rankings checked against the per-request "
        f"aggregate: {sum(1 for c in the_cases if c.assignment_id % IDENTITY_SAMPLE == 0)}, differing: {differing}"
    )
    return tallies, timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def fill(scale: int) -> None:
    common.call("migrate", "--no-input")
    common.call("seed_demo", "--today", TODAY)
    if scale:
        common.call("seed_demo", "--scale", str(scale), "--today", TODAY)
    common.analyze()


def make_synthetic_partners(partners: bool = True) -> None:
    """Stress: the three synthetic institutions become partners from the programme's start (benchmark data only;
    ``partners=False`` puts them back as ``seed_demo --scale`` made them)."""
    from exchange.demo.base import PROGRAMME_START
    from exchange.demo.scale import EDUCATION_SHORT_NAMES
    from partnership.models import Organisation

    Organisation.objects.filter(short_name__in=EDUCATION_SHORT_NAMES.values()).update(
        partnership_start=PROGRAMME_START if partners else None
    )


def queue_times(runs: int = 7) -> tuple[float, float, int]:
    """The work queue (``GET /werkvoorraad/`` as a coordinator, in-process) with and without its section of open
    requests with the advice's top three, alternating; medians in ms, and the open requests on its first page."""
    from django.test import Client

    from assignments import views
    from assignments.models import Assignment, AssignmentState
    from partnership.models import Role, User

    user, _created = User.objects.get_or_create(username="bench-coordinator", defaults={"role": Role.COORDINATOR})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    with_advice = views.QUEUE_SECTIONS
    without = tuple(section for section in with_advice if section[0] != "advice")

    def timed(sections):
        views.QUEUE_SECTIONS = sections
        started = time.perf_counter()
        response = client.get("/werkvoorraad/")
        assert response.status_code == 200  # nosec B101: a benchmark's own check
        return (time.perf_counter() - started) * 1000

    timed(with_advice), timed(without)  # warm-up
    a, b = [], []
    for _ in range(runs):
        a.append(timed(with_advice))
        b.append(timed(without))
    views.QUEUE_SECTIONS = with_advice
    open_count = Assignment.objects.filter(state=AssignmentState.OPEN).count()
    return statistics.median(a), statistics.median(b), open_count


def report(label: str, tallies: dict[str, Tally], timings: list[float]) -> None:
    print(
        f"\n{label}: {len(tallies['advice'].ranks)} cases, advice unranked (filtered out): {tallies['advice'].unranked}"
    )
    rows = [[name, f"{t.hit(1):.3f}", f"{t.hit(3):.3f}", f"{t.mrr:.3f}", t.unranked] for name, t in tallies.items()]
    common.print_table(["ranking", "hit@1", "hit@3", "MRR", "unranked"], rows)
    print(
        f"ms per request: median {statistics.median(timings):.1f}, p95 {percentile(timings, 0.95):.1f}, "
        f"max {max(timings):.1f} ({len(timings)} requests)"
    )


def main(argv=None) -> None:
    args = parse_args(argv)
    url = common.bench_database_url()
    summary = None
    p95 = None
    for scale in args.scale:
        common.ensure_database(url, reset=not args.reuse)
        common.setup_django(url)
        from assignments.models import Assignment

        if not (args.reuse and Assignment.objects.exists()):
            fill(scale)
        total = Assignment.objects.count()
        the_cases = cases()
        run(the_cases[:20])  # warm-up
        tallies, timings = run(the_cases)
        report(f"{total:,} assignments", tallies, timings)
        if args.weights and not scale:
            sensitivity(the_cases)
        summary = tallies
        p95 = percentile(timings, 0.95)
        advised, plain, open_count = queue_times()
        print(
            f"work queue: {advised:.1f} ms with the top three, {plain:.1f} ms without "
            f"(ratio {advised / plain:.2f}; {open_count:,} open requests, a page of them advised)"
        )
        if scale and not args.no_stress:
            make_synthetic_partners()
            common.analyze()
            sample = cases(synthetic=True)
            sample = random.Random(SEED).sample(sample, min(500, len(sample)))  # nosec B311: a seeded sample
            stress_tallies, stress_timings = run(sample)
            report(
                f"{total:,} assignments, synthetic institutions as partners (500 of their cases)",
                stress_tallies,
                stress_timings,
            )
            make_synthetic_partners(False)
        common.close_connections()
        args.reuse = False
    a, b, c = (summary[name] for name in ("advice", "most-completions", "random"))
    print(
        f"hit@3 advice/most-completions/random: {a.hit(3):.3f}/{b.hit(3):.3f}/{c.hit(3):.3f}; "
        f"MRR advice/most-completions/random: {a.mrr:.3f}/{b.mrr:.3f}/{c.mrr:.3f}; p95 ms per request: {p95:.1f}"
    )


if __name__ == "__main__":
    main()
