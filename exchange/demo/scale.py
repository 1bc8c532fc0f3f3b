"""Synthetic assignments for benchmarks: ``seed_demo --scale N`` appends N of them with full histories.

They belong to a dedicated government organisation ("Synthetische rijksorganisatie", short name
``SYNTH-RIJK``) and three synthetic education institutions (one per level), none of them a partner (no
partnership start), so the partner counts stay the demo's; the assignment figures grow with them, which is
the point of a benchmark. Titles start with "Synthetische opdracht <run>-<n>"; each run is deterministic for
its run number (the first ``--scale`` run on a database is run 1, the next run 2, ...).

Writing a million assignments through ``import_histories`` (the ORM's ``bulk_create``) is too slow, so this
module writes both tables with PostgreSQL ``COPY``. It is the bulk twin of ``import_histories`` and keeps
its rule: every path is checked against the same table, ``assignments.lifecycle.TRANSITIONS``, in time order,
before any row is written; the database constraints (states, one current transition per assignment, a matched
assignment has a partner and a level, foreign keys) guard the rest. Nothing else in the portal writes state.
"""

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.utils.translation import gettext as _

from assignments.lifecycle import TRANSITIONS, TransitionError, TransitionNotAllowed
from assignments.models import Assignment, AssignmentKind, AssignmentState, AssignmentTransition
from partnership.models import EducationLevel, Organisation, OrganisationKind, Theme
from partnership.services import save_organisation

from .base import DEMO_END, PROGRAMME_START, SEED

S = AssignmentState
K = AssignmentKind
TITLE_PREFIX = "Synthetische opdracht"
GOVERNMENT_SHORT_NAME = "SYNTH-RIJK"
EDUCATION_SHORT_NAMES = {level: f"SYNTH-{level}" for level in EducationLevel.values}
CHUNK = 20_000  # assignments per COPY buffer

# final state -> (weight, path); about 4.3 transitions per assignment with the optional draft first.
PATHS = {
    S.COMPLETED: (55, (S.SUBMITTED, S.OPEN, S.PREPARATION, S.EXECUTION, S.COMPLETED)),
    S.EXECUTION: (8, (S.SUBMITTED, S.OPEN, S.PREPARATION, S.EXECUTION)),
    S.PREPARATION: (15, (S.SUBMITTED, S.OPEN, S.PREPARATION)),
    S.OPEN: (5, (S.SUBMITTED, S.OPEN)),
    S.SUBMITTED: (2, (S.SUBMITTED,)),
    S.REJECTED: (5, (S.SUBMITTED, S.REJECTED)),
    S.WITHDRAWN: (4, (S.SUBMITTED, S.OPEN, S.WITHDRAWN)),
    S.CANCELLED: (4, (S.SUBMITTED, S.OPEN, S.PREPARATION, S.CANCELLED)),
    S.DRAFT: (2, (S.DRAFT,)),
}
MATCHED = frozenset({S.PREPARATION, S.EXECUTION, S.COMPLETED, S.CANCELLED})
KINDS = [(K.INTERNSHIP, 40), (K.GRADUATION, 26), (K.GROUP, 31), (K.HACKATHON, 3)]
LEVELS = [(EducationLevel.MBO, 3), (EducationLevel.HBO, 64), (EducationLevel.WO, 33)]
MINUTES_PER_DAY = 1440
DESCRIPTION = "Synthetische opdracht voor prestatiemetingen; geen echt vraagstuk."
ASSIGNMENT_COLUMNS = (
    "id, title, description, kind, wanted_levels, level, student_count, period_start, period_end, state, "
    "state_changed_at, created_at, updated_at, education_organisation_id, government_organisation_id, theme_id"
)
TRANSITION_COLUMNS = "assignment_id, from_state, to_state, at, ended_at, note"


@dataclass
class ScaleReport:
    run: int
    assignments: int
    transitions: int
    seconds: float


def validate_path(path: tuple[str, ...]) -> None:
    """The same check as ``import_histories``: every step must be in the transition table."""
    previous = ""
    for state in path:
        if (previous, state) not in TRANSITIONS:
            raise TransitionNotAllowed(f"{previous or 'new'} → {state} is not in the transition table")
        previous = state


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


def _next_run(government: Organisation) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(max(split_part(split_part(title, ' ', 3), '-', 1)::int), 0) "
            "FROM assignments_assignment WHERE government_organisation_id = %s",
            [government.pk],
        )
        return cursor.fetchone()[0] + 1


def _reserve_ids(n: int) -> int:
    """Reserve ``n`` consecutive assignment ids; the table lock keeps other writers out meanwhile."""
    table = Assignment._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s::regclass, nextval(%s::regclass) + %s - 1)", [sequence, sequence, n])
        last = cursor.fetchone()[0]
    return last - n + 1


def _clock_strings() -> tuple[list[str], list[str]]:
    days = (DEMO_END - PROGRAMME_START).days + 1
    day_strings = [(PROGRAMME_START + timedelta(days=i)).isoformat() for i in range(days)]
    minute_strings = [f"{m // 60:02d}:{m % 60:02d}:00+00" for m in range(MINUTES_PER_DAY)]
    return day_strings, minute_strings


def generate_rows(
    n: int,
    *,
    run: int,
    first_id: int,
    government_id: int,
    education_ids: dict[str, int],
    themes: list[int],
    chunk: int = CHUNK,
) -> Iterator[tuple[str, str, int]]:
    """COPY text for both tables, ``chunk`` assignments at a time: (assignments, transitions, transition count).

    Deterministic for ``run``. Every path is one of ``PATHS`` (optionally with a draft first), each checked
    against ``TRANSITIONS`` before the first row is made; times increase along a path by construction.
    """
    rng = random.Random(f"{SEED}-synthetic-{run}")
    paths = [path for _, path in PATHS.values()]
    path_weights = [weight for weight, _ in PATHS.values()]
    with_draft = {path: (S.DRAFT, *path) for path in paths if path[0] == S.SUBMITTED}
    for path in [*paths, *with_draft.values()]:
        validate_path(path)
    kinds, kind_weights = zip(*KINDS, strict=True)
    levels, level_weights = zip(*LEVELS, strict=True)
    day_strings, minute_strings = _clock_strings()
    last_minute = (len(day_strings) - 1) * MINUTES_PER_DAY + 16 * 60
    max_gap = 60 * MINUTES_PER_DAY - MINUTES_PER_DAY
    null = "\\N"
    random_ = rng.random
    theme_count = len(themes)
    for offset in range(0, n, chunk):
        count = min(chunk, n - offset)
        assignment_lines, transition_lines = [], []
        chosen_paths = rng.choices(paths, weights=path_weights, k=count)
        chosen_kinds = rng.choices(kinds, weights=kind_weights, k=count)
        chosen_levels = rng.choices(levels, weights=level_weights, k=count)
        for i in range(count):
            number = offset + i + 1
            assignment_id = first_id + offset + i
            path = chosen_paths[i]
            if path[0] == S.SUBMITTED and random_() < 0.3:
                path = with_draft[path]
            gaps = [MINUTES_PER_DAY + int(random_() * max_gap) for _ in range(len(path) - 1)]
            minute = 8 * 60 + int(random_() * (last_minute - sum(gaps) - 8 * 60))
            stamps = [f"{day_strings[minute // MINUTES_PER_DAY]} {minute_strings[minute % MINUTES_PER_DAY]}"]
            for gap in gaps:
                minute += gap
                stamps.append(f"{day_strings[minute // MINUTES_PER_DAY]} {minute_strings[minute % MINUTES_PER_DAY]}")
            kind, level, state = chosen_kinds[i], chosen_levels[i], path[-1]
            matched = state in MATCHED
            students = 1 if kind == K.INTERNSHIP else 2 + int(random_() * 5)
            assignment_lines.append(
                f"{assignment_id}\t{TITLE_PREFIX} {run}-{number}\t{DESCRIPTION}\t{kind}\t{{{level}}}\t"
                f"{level if matched else ''}\t{students}\t{day_strings[minute // MINUTES_PER_DAY]}\t{null}\t"
                f"{state}\t{stamps[-1]}\t{stamps[0]}\t{stamps[-1]}\t"
                f"{education_ids[level] if matched else null}\t{government_id}\t{themes[number % theme_count]}\n"
            )
            previous = ""
            last = len(path) - 1
            for index, to_state in enumerate(path):
                ended = stamps[index + 1] if index < last else null
                transition_lines.append(f"{assignment_id}\t{previous}\t{to_state}\t{stamps[index]}\t{ended}\t\n")
                previous = to_state
        yield "".join(assignment_lines), "".join(transition_lines), len(transition_lines)


def add_synthetic_assignments(n: int, *, chunk: int = CHUNK) -> ScaleReport:
    """Append ``n`` synthetic assignments with valid histories, written with COPY in one transaction."""
    started = time.perf_counter()
    with transaction.atomic():
        government, education = _synthetic_organisations()
        run = _next_run(government)
        themes = list(Theme.objects.filter(for_assignments=True).order_by("position").values_list("pk", flat=True))
        if not themes:
            raise TransitionError(_("Load the demo data first: there are no assignment themes."))
        rows = generate_rows(
            n,
            run=run,
            first_id=_reserve_ids(n),
            government_id=government.pk,
            education_ids={level: org.pk for level, org in education.items()},
            themes=themes,
            chunk=chunk,
        )
        transitions = 0
        raw = connection.connection  # psycopg 3 connection behind Django's wrapper
        with raw.cursor() as cursor:
            for assignment_text, transition_text, count in rows:
                with cursor.copy(f"COPY {Assignment._meta.db_table} ({ASSIGNMENT_COLUMNS}) FROM STDIN") as copy:
                    copy.write(assignment_text)
                with cursor.copy(
                    f"COPY {AssignmentTransition._meta.db_table} ({TRANSITION_COLUMNS}) FROM STDIN"
                ) as copy:
                    copy.write(transition_text)
                transitions += count
    return ScaleReport(run=run, assignments=n, transitions=transitions, seconds=time.perf_counter() - started)


def delete_synthetic_assignments() -> int:
    """Remove every synthetic assignment and its history (the ORM's cascade is too slow for millions)."""
    synthetic = (
        f"SELECT id FROM {Assignment._meta.db_table} WHERE government_organisation_id IN "
        "(SELECT id FROM partnership_organisation WHERE short_name = %s)"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {AssignmentTransition._meta.db_table} WHERE assignment_id IN ({synthetic})",
            [GOVERNMENT_SHORT_NAME],
        )
        cursor.execute(f"DELETE FROM {Assignment._meta.db_table} WHERE id IN ({synthetic})", [GOVERNMENT_SHORT_NAME])
        return cursor.rowcount
