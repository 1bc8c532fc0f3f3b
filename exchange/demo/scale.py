"""Synthetic assignments for benchmarks: ``seed_demo --scale N`` appends N of them with full histories.

They belong to a dedicated government organisation ("Synthetische rijksorganisatie", short name
``SYNTH-RIJK``) and three synthetic education institutions (one per level), none of them a partner (no
partnership start), so the partner counts stay the demo's; the assignment figures grow with them, which is
the point of a benchmark. Titles start with "Synthetische opdracht <run>-<n>"; each run is deterministic for
its run number (the first ``--scale`` run on a database is run 1, the next run 2, ...).

This module only makes the rows. ``assignments.bulk.copy_histories`` writes them (PostgreSQL COPY): it owns the
columns, the ids and the state, and checks every path against ``assignments.lifecycle.TRANSITIONS`` before writing.
The path to each final state is the lifecycle's own (``lifecycle.path_to``); this module only weighs the states.
"""

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Func, IntegerField, Max, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from assignments import bulk, followups, lifecycle
from assignments.lifecycle import TransitionError
from assignments.models import MATCHED_STATES, Assignment, AssignmentKind, AssignmentState
from partnership.models import EducationLevel, Organisation, OrganisationKind, Theme
from partnership.services import save_organisation
from reporting import summaries

from .base import DEMO_END, PROGRAMME_START, SEED

TITLE_PREFIX = "Synthetische opdracht"
GOVERNMENT_SHORT_NAME = "SYNTH-RIJK"
EDUCATION_SHORT_NAMES = {level: f"SYNTH-{level}" for level in EducationLevel.values}
CHUNK = bulk.CHUNK

# How often each final state occurs; the path to it is the lifecycle's. 30 % of those that pass through
# "submitted" start as a draft.
STATE_WEIGHTS = {
    AssignmentState.COMPLETED: 55,
    AssignmentState.EXECUTION: 8,
    AssignmentState.PREPARATION: 15,
    AssignmentState.OPEN: 5,
    AssignmentState.SUBMITTED: 2,
    AssignmentState.REJECTED: 5,
    AssignmentState.WITHDRAWN: 4,
    AssignmentState.CANCELLED: 4,
    AssignmentState.DRAFT: 2,
}
DRAFT_FIRST = 0.3
KINDS = [
    (AssignmentKind.INTERNSHIP, 40),
    (AssignmentKind.GRADUATION, 26),
    (AssignmentKind.GROUP, 31),
    (AssignmentKind.HACKATHON, 3),
]
LEVELS = [(EducationLevel.MBO, 3), (EducationLevel.HBO, 64), (EducationLevel.WO, 33)]
MINUTES_PER_DAY = 1440
DESCRIPTION = "Synthetische opdracht voor prestatiemetingen; geen echt vraagstuk."


@dataclass
class ScaleReport:
    run: int
    assignments: int
    transitions: int
    seconds: float


def weighted_paths() -> list[tuple[int, tuple[str, ...], tuple[str, ...]]]:
    """(weight, path, the same ending through a draft) per final state; both paths are the lifecycle's."""
    paths = []
    for state, weight in STATE_WEIGHTS.items():
        path = tuple(str(step) for step in lifecycle.path_to(state))
        if path[0] == AssignmentState.DRAFT:
            through_draft = path
        else:
            through_draft = (AssignmentState.DRAFT.value, *lifecycle.path_to(state, start=AssignmentState.DRAFT))
        paths.append((weight, path, tuple(str(step) for step in through_draft)))
    return paths


def _synthetic_organisations() -> tuple[Organisation, dict[str, Organisation]]:
    government = save_organisation(
        short_name=GOVERNMENT_SHORT_NAME,
        name="Synthetische rijksorganisatie (benchmark)",
        kind=OrganisationKind.GOVERNMENT,
    ).record
    education = {
        level: save_organisation(
            short_name=short_name,
            name=f"Synthetische onderwijsinstelling {level} (benchmark)",
            kind=OrganisationKind.EDUCATION,
            education_level=level,
        ).record
        for level, short_name in EDUCATION_SHORT_NAMES.items()
    }
    return government, education


def _split_part(expression, delimiter: str, position: int) -> Func:
    return Func(expression, Value(delimiter), Value(position), function="split_part")


def _next_run(government: Organisation) -> int:
    """One more than the highest run number in the synthetic titles ("Synthetische opdracht <run>-<n>")."""
    run = Cast(_split_part(_split_part(F("title"), " ", 3), "-", 1), IntegerField())
    last = Assignment.objects.filter(government_organisation=government).aggregate(last=Max(run))["last"]
    return (last or 0) + 1


def _clock_strings() -> tuple[list[str], list[str]]:
    days = (DEMO_END - PROGRAMME_START).days + 1
    day_strings = [(PROGRAMME_START + timedelta(days=i)).isoformat() for i in range(days)]
    minute_strings = [f"{m // 60:02d}:{m % 60:02d}:00+00" for m in range(MINUTES_PER_DAY)]
    return day_strings, minute_strings


def generate_histories(
    n: int, *, run: int, government_id: int, education_ids: dict[str, int], themes: list[int]
) -> Iterator[bulk.History]:
    """``n`` synthetic assignments with their histories, deterministic for ``run``; times increase along a path."""
    # bandit B311: seeded for reproducible demo data, not for security
    rng = random.Random(f"{SEED}-synthetic-{run}")  # nosec B311
    weighted = weighted_paths()
    paths = [(path, through_draft) for _weight, path, through_draft in weighted]
    path_weights = [weight for weight, _path, _through_draft in weighted]
    kinds, kind_weights = zip(*KINDS, strict=True)
    levels, level_weights = zip(*LEVELS, strict=True)
    day_strings, minute_strings = _clock_strings()
    last_minute = (len(day_strings) - 1) * MINUTES_PER_DAY + 16 * 60
    max_gap = 60 * MINUTES_PER_DAY - MINUTES_PER_DAY
    random_ = rng.random
    theme_count = len(themes)
    chosen_paths = rng.choices(paths, weights=path_weights, k=n)
    chosen_kinds = rng.choices(kinds, weights=kind_weights, k=n)
    chosen_levels = rng.choices(levels, weights=level_weights, k=n)
    for i in range(n):
        number = i + 1
        path, through_draft = chosen_paths[i]
        if through_draft != path and random_() < DRAFT_FIRST:
            path = through_draft
        gaps = [MINUTES_PER_DAY + int(random_() * max_gap) for _ in range(len(path) - 1)]
        minute = 8 * 60 + int(random_() * (last_minute - sum(gaps) - 8 * 60))
        stamps = [f"{day_strings[minute // MINUTES_PER_DAY]} {minute_strings[minute % MINUTES_PER_DAY]}"]
        for gap in gaps:
            minute += gap
            stamps.append(f"{day_strings[minute // MINUTES_PER_DAY]} {minute_strings[minute % MINUTES_PER_DAY]}")
        kind, level = chosen_kinds[i], chosen_levels[i]
        matched = path[-1] in MATCHED_STATES
        yield bulk.History(
            fields={
                "title": f"{TITLE_PREFIX} {run}-{number}",
                "description": DESCRIPTION,
                "kind": kind,
                "wanted_levels": [level],
                "level": level if matched else "",
                "student_count": 1 if kind == AssignmentKind.INTERNSHIP else 2 + int(random_() * 5),
                "period_start": day_strings[minute // MINUTES_PER_DAY],
                "created_at": stamps[0],
                "updated_at": stamps[-1],
                "education_organisation_id": education_ids[level] if matched else None,
                "government_organisation_id": government_id,
                "theme_id": themes[number % theme_count],
            },
            states=path,
            times=stamps,
        )


def add_synthetic_assignments(n: int, *, chunk: int = CHUNK) -> ScaleReport:
    """Append ``n`` synthetic assignments with valid histories, written with COPY in one transaction."""
    started = time.perf_counter()
    with transaction.atomic():
        government, education = _synthetic_organisations()
        run = _next_run(government)
        themes = list(Theme.objects.filter(for_assignments=True).order_by("position").values_list("pk", flat=True))
        if not themes:
            raise TransitionError(_("Load the demo data first: there are no assignment themes."))
        histories = generate_histories(
            n,
            run=run,
            government_id=government.pk,
            education_ids={level: org.pk for level, org in education.items()},
            themes=themes,
        )
        assignments, transitions = bulk.copy_histories(histories, count=n, chunk=chunk)
        # three in four completed ones followed up, so that the pipeline's figures read answers at scale too
        followups.answer_synthetic(government.pk)
    # the triggers add a summary row per statement and key; fold them as the nightly task would, so that a benchmark
    # right after the load measures the figures as they read on any later day
    summaries.compact()
    return ScaleReport(run=run, assignments=assignments, transitions=transitions, seconds=time.perf_counter() - started)
