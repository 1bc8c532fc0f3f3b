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
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction

from assignments.lifecycle import TRANSITIONS, TransitionError, TransitionNotAllowed
from assignments.models import Assignment, AssignmentKind, AssignmentState, AssignmentTransition
from partnership.models import EducationLevel, Organisation, OrganisationKind, Theme

from .base import DEMO_END, PROGRAMME_START, SEED, Tally, ensure

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


def _synthetic_organisations(tally: Tally) -> tuple[Organisation, dict[str, Organisation]]:
    government = ensure(
        tally,
        Organisation,
        {"short_name": GOVERNMENT_SHORT_NAME},
        {"name": "Synthetische rijksorganisatie (benchmark)", "kind": OrganisationKind.GOVERNMENT},
    )
    education = {
        level: ensure(
            tally,
            Organisation,
            {"short_name": short_name},
            {
                "name": f"Synthetische onderwijsinstelling {level} (benchmark)",
                "kind": OrganisationKind.EDUCATION,
                "education_level": level,
            },
        )
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


def add_synthetic_assignments(n: int, *, chunk: int = CHUNK) -> ScaleReport:
    """Append ``n`` synthetic assignments with valid histories, written with COPY."""
    started = time.perf_counter()
    tally = Tally()
    with transaction.atomic():
        government, education = _synthetic_organisations(tally)
        run = _next_run(government)
        themes = list(Theme.objects.filter(for_assignments=True).order_by("position").values_list("pk", flat=True))
        if not themes:
            raise TransitionError("Load the demo data first: there are no assignment themes.")
        rng = random.Random(f"{SEED}-synthetic-{run}")
        paths = [path for _, path in PATHS.values()]
        path_weights = [weight for weight, _ in PATHS.values()]
        with_draft = {path: (S.DRAFT, *path) for path in paths if path[0] == S.SUBMITTED}
        for path in [*paths, *with_draft.values()]:
            validate_path(path)  # every path an assignment below can take, checked once
        kinds, kind_weights = zip(*KINDS, strict=True)
        levels, level_weights = zip(*LEVELS, strict=True)
        day_strings, minute_strings = _clock_strings()
        last_minute = (len(day_strings) - 1) * MINUTES_PER_DAY + 16 * 60

        def stamp(minute: int) -> str:
            return f"{day_strings[minute // MINUTES_PER_DAY]} {minute_strings[minute % MINUTES_PER_DAY]}"

        first_id = _reserve_ids(n)
        government_id = government.pk
        education_ids = {level: org.pk for level, org in education.items()}
        transitions_written = 0
        assignment_table = Assignment._meta.db_table
        transition_table = AssignmentTransition._meta.db_table
        assignment_columns = (
            "id, title, description, kind, wanted_levels, level, student_count, period_start, period_end, state, "
            "state_changed_at, created_at, updated_at, education_organisation_id, government_organisation_id, "
            "theme_id"
        )
        transition_columns = "assignment_id, from_state, to_state, at, ended_at, note"
        description = "Synthetische opdracht voor prestatiemetingen; geen echt vraagstuk."
        raw = connection.connection  # psycopg 3 connection behind Django's wrapper
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
                if path[0] == S.SUBMITTED and rng.random() < 0.3:
                    path = with_draft[path]
                gaps = [rng.randint(MINUTES_PER_DAY, 60 * MINUTES_PER_DAY) for _ in range(len(path) - 1)]
                start = rng.randint(8 * 60, last_minute - sum(gaps))
                minutes = [start]
                for gap in gaps:
                    minutes.append(minutes[-1] + gap)
                # Time order holds by construction (positive gaps); the table was checked above.
                kind = chosen_kinds[i]
                level = chosen_levels[i]
                state = path[-1]
                matched = state in MATCHED
                students = 1 if kind == K.INTERNSHIP else rng.randint(2, 6)
                stamps = [stamp(m) for m in minutes]
                period_start = (PROGRAMME_START + timedelta(days=minutes[-1] // MINUTES_PER_DAY)).isoformat()
                assignment_lines.append(
                    f"{assignment_id}\t{TITLE_PREFIX} {run}-{number}\t{description}\t{kind}\t{{{level}}}\t"
                    f"{level if matched else ''}\t{students}\t{period_start}\t\\N\t{state}\t{stamps[-1]}\t"
                    f"{stamps[0]}\t{stamps[-1]}\t{education_ids[level] if matched else chr(92) + 'N'}\t"
                    f"{government_id}\t{themes[number % len(themes)]}\n"
                )
                previous = ""
                for index, to_state in enumerate(path):
                    ended = stamps[index + 1] if index + 1 < len(path) else "\\N"
                    transition_lines.append(f"{assignment_id}\t{previous}\t{to_state}\t{stamps[index]}\t{ended}\t\n")
                    previous = to_state
            transitions_written += len(transition_lines)
            with raw.cursor() as cursor:
                with cursor.copy(f"COPY {assignment_table} ({assignment_columns}) FROM STDIN") as copy:
                    copy.write("".join(assignment_lines))
                with cursor.copy(f"COPY {transition_table} ({transition_columns}) FROM STDIN") as copy:
                    copy.write("".join(transition_lines))
    return ScaleReport(run=run, assignments=n, transitions=transitions_written, seconds=time.perf_counter() - started)


def delete_synthetic_assignments() -> int:
    """Remove every synthetic assignment (their history goes with them); returns how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM assignments_assignment WHERE government_organisation_id IN "
            "(SELECT id FROM partnership_organisation WHERE short_name = %s)",
            [GOVERNMENT_SHORT_NAME],
        )
        return cursor.rowcount
