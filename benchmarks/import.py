"""The bulk importer against django-import-export and PostgreSQL COPY, on the same assignment file.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mybench .venv/bin/python benchmarks/import.py --rows 100000

In its own database (``BENCH_DATABASE_URL``; emptied, migrated, the demo data loaded) the script writes one CSV of
N assignments with their state histories in the import format (``exchange.imports``: requesting organisation, title,
theme, kind, education partner, level, period, the moment of each state), then measures in one run:

- **importer**: ``exchange.imports.engine.commit`` on the file: read, every cell parsed and checked, every path
  checked against the lifecycle's transition table, natural keys against the database, then the assignments and
  their histories (about 2.7 rows each) written through ``assignments.bulk.Copier`` (COPY, in chunks of 5,000), and
  the figures' summaries of the new assignments in one pass after the last chunk (``reporting.summaries.defer``), in
  one transaction;
- **django-import-export** in its fastest documented configuration (``use_bulk``, ``batch_size = 1000``,
  ``skip_diff``, ``force_init_instance``, no per-row foreign-key look-ups: the ids are in the file) on a dataset of
  the same rows: the assignments only, without history and without checking a path;
- **COPY into the portal's tables**: the importer's own finished rows (taken from a first, rolled-back import) copied
  straight into the assignment and history tables, with their indexes, constraints and audit trail: the database's
  own work for these rows, which no importer can go below;
- **importer, no summaries** and **COPY into the portal, no summaries**: the same with the figures' summary triggers
  (``reporting.summaries``) off, so that the line before the last shows what keeping the summaries costs;
- **COPY**: the same file's rows into a bare table of text columns, no checks at all: the floor.

Each runs inside a transaction that is rolled back, then ``VACUUM ANALYZE``, so every one starts from the same
database. The timed part ends with ``SET CONSTRAINTS ALL IMMEDIATE``: the foreign keys are deferred to the commit,
and a rolled-back run would otherwise never pay for checking them. Prints rows per second and the ratios; the last
line is ``validated rows/s: N; x django-import-export: R; share of COPY: P %; x database work: W`` (W: the
importer's time over the COPY into the portal's). Next to each time: the CPU seconds of this process (all threads)
and of its PostgreSQL backend (``/proc``), and the load average: on a busy machine the times grow with the load, the
CPU seconds much less.
"""

import argparse
import csv
import datetime as dt
import io
import logging
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common  # noqa: E402


class Rollback(Exception):
    pass


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1, help="runs of each (the median is reported)")
    parser.add_argument("--reuse", action="store_true", help="keep a database that already holds the demo data")
    return parser.parse_args(argv)


def fill() -> None:
    common.call("migrate", "--no-input")
    common.call("seed_demo")


def make_file(rows: int) -> tuple[bytes, list[dict]]:
    """The import file and, for the baseline, the same rows with ids."""
    from assignments import lifecycle
    from assignments.kinds import ASSIGNMENTS
    from assignments.models import MATCHED_STATES, AssignmentKind, AssignmentState
    from partnership.columns import Lookups, format_moment
    from partnership.models import Organisation, OrganisationKind, Theme

    lookups = Lookups()
    # bandit B311: a reproducible benchmark file, not security
    rng = random.Random("import-benchmark")  # nosec B311
    government = list(Organisation.objects.filter(kind=OrganisationKind.GOVERNMENT).values_list("pk", "short_name"))
    education = list(
        Organisation.objects.filter(kind=OrganisationKind.EDUCATION).values_list("pk", "short_name", "education_level")
    )
    themes = list(Theme.objects.filter(for_assignments=True).values_list("pk", "slug"))
    finals = list(AssignmentState.values)
    kinds = {value: str(label) for value, label in AssignmentKind.choices}
    read = [column for column in ASSIGNMENTS.columns if column.parse is not None]  # the columns an import reads
    headers = [str(column.header) for column in read]
    fields = [column.field for column in read]
    lines, plain = [], []
    start = dt.datetime(2020, 7, 1, 9, 0, tzinfo=dt.UTC)
    for number in range(rows):
        org_pk, org = rng.choice(government)
        theme_pk, theme = rng.choice(themes)
        kind = rng.choice(list(kinds))
        states = lifecycle.path_to(rng.choice(finals))
        at = start + dt.timedelta(minutes=rng.randint(0, 1_400_000))
        moments = {}
        for state in states:
            moments[state] = at
            at += dt.timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 600))
        partner = rng.choice(education) if any(state in MATCHED_STATES for state in states) else None
        steps = zip(("", *states[:-1]), states, strict=True)
        needs_note = any(lifecycle.REASON in lifecycle.requirements(a, b) for a, b in steps)
        values = {
            "government_organisation_id": org,
            "title": f"Importbenchmark {number}",
            "description": "Een vraagstuk voor de importbenchmark.",
            "kind": kinds[kind],
            "theme_id": theme,
            "wanted_levels": "HBO, WO",
            "education_organisation_id": partner[1] if partner else "",
            "level": partner[2] if partner else "",
            "contact_email": "",
            "student_count": str(rng.randint(1, 6)),
            "period_start": "2024-02-01",
            "period_end": "2024-06-30",
            "note": "Reden van de benchmark." if needs_note else "",
        }
        for state in AssignmentState.values:
            values[f"at_{state}"] = format_moment(moments.get(state), lookups)
        lines.append([values[name] for name in fields])
        plain.append(
            {
                "title": values["title"],
                "description": values["description"],
                "kind": kind,
                "theme_id": theme_pk,
                "government_organisation_id": org_pk,
                "education_organisation_id": partner[0] if partner else None,
                "level": partner[2] if partner else "",
                "student_count": int(values["student_count"]),
                "state": states[-1],
                "state_changed_at": at.isoformat(),
            }
        )
    return csv_file(headers, lines), plain


def csv_file(header: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a BOM, semicolons: as the import template is written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def backend_cpu() -> float | None:
    """The CPU seconds this connection's PostgreSQL backend has used (``/proc``: the server is on this machine), or
    None when it cannot be read."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


@dataclass(frozen=True)
class Timing:
    """One case's run: wall-clock seconds and the CPU seconds of this process (every thread) and of its backend."""

    wall: float
    python: float
    backend: float | None

    def __str__(self) -> str:
        backend = "?" if self.backend is None else f"{self.backend:.2f}"
        return f"CPU: Python {self.python:.2f} s, PostgreSQL backend {backend} s"


def rolled_back(run) -> Timing:
    from django.db import connection, transaction

    backend_before = backend_cpu()
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        with transaction.atomic():
            run()
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what the commit would check
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            backend_after = backend_cpu()
            raise Rollback
    except Rollback:
        pass
    backend = None if backend_before is None or backend_after is None else backend_after - backend_before
    return Timing(elapsed, cpu, backend)


class Overlap(logging.Handler):
    """The importer's own account of its pipeline (the engine logs it): how long the connection waited."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


OVERLAP = Overlap()


def importer(data: bytes):
    from assignments.kinds import ASSIGNMENTS
    from exchange.imports import engine

    engine.logger.addHandler(OVERLAP)
    engine.logger.setLevel(logging.INFO)

    def run():
        analysis = engine.commit(ASSIGNMENTS, data, by=None)
        assert len(analysis.creates) == analysis.rows, analysis.report()["errors"][:3]

    return run


def django_import_export(plain: list[dict]):
    import tablib
    from import_export import fields, resources, widgets

    from assignments.models import Assignment

    names = list(plain[0])

    def id_field(name):
        return fields.Field(attribute=name, column_name=name, widget=widgets.IntegerWidget())

    integer = {"theme_id", "government_organisation_id", "education_organisation_id", "student_count"}

    class AssignmentResource(resources.ModelResource):
        # The ids come in the file: no look-up per row (django-import-export's ForeignKeyWidget makes one).
        theme_id = id_field("theme_id")
        government_organisation_id = id_field("government_organisation_id")
        education_organisation_id = id_field("education_organisation_id")
        state_changed_at = fields.Field(
            attribute="state_changed_at",
            column_name="state_changed_at",
            widget=widgets.DateTimeWidget("%Y-%m-%dT%H:%M:%S%z"),
        )

        class Meta:
            model = Assignment
            fields = (
                "title",
                "description",
                "kind",
                "level",
                "student_count",
                "state",
                "theme_id",
                "government_organisation_id",
                "education_organisation_id",
                "state_changed_at",
            )
            use_bulk = True
            batch_size = 1000
            skip_diff = True
            force_init_instance = True
            skip_unchanged = False
            report_skipped = False
            import_id_fields = ()

    dataset = tablib.Dataset(headers=names)
    for row in plain:
        dataset.append([row[name] if name not in integer or row[name] is None else row[name] for name in names])

    def run():
        result = AssignmentResource().import_data(dataset, dry_run=False, raise_errors=True, use_transactions=False)
        assert result.totals["new"] == len(plain), result.totals

    return run


def portal_rows(data: bytes) -> list[tuple[str, bytes]]:
    """The rows one import writes, as COPY text per table (taken from an import that is rolled back)."""
    from django.db import connection

    from assignments.kinds import ASSIGNMENTS
    from assignments.models import Assignment, AssignmentTransition
    from exchange.imports import engine

    tables = []
    first = (Assignment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    def run():
        engine.commit(ASSIGNMENTS, data, by=None)
        with connection.cursor() as cursor:
            for model, owner in ((Assignment, "id"), (AssignmentTransition, "assignment_id")):
                table = model._meta.db_table
                with cursor.copy(f"COPY (SELECT * FROM {table} WHERE {owner} >= {first}) TO STDOUT") as copy:
                    tables.append((table, b"".join(bytes(chunk) for chunk in copy)))

    vacuumed(run)
    return tables


def portal_copy(tables: list[tuple[str, bytes]]):
    from django.db import connection

    from partnership.history import attach

    def run():
        attach()
        with connection.cursor() as cursor:
            for table, rows in tables:
                with cursor.copy(f"COPY {table} FROM STDIN") as copy:
                    copy.write(rows)

    return run


def without_summaries(run):
    """``run`` with the figures' summary triggers (``reporting.summaries``) off, in its rolled-back transaction, and
    the importer's one pass for its new assignments (``summaries.defer``, ``catch_up``) not made: what the summaries
    cost a write is the difference to ``run``."""
    from django.db import connection

    from assignments import signals
    from reporting import summaries
    from reporting.summaries import TRIGGER_FUNCTIONS

    def unsummarised():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.tgrelid::regclass::text, t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE p.proname = ANY(%s)",
                [list(TRIGGER_FUNCTIONS)],
            )
            for table, trigger in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{trigger}"')
        receivers = ((signals.copying, summaries.defer, "defer"), (signals.copied, summaries.catch_up, "catch_up"))
        for signal, receiver, name in receivers:
            signal.disconnect(receiver, dispatch_uid=f"reporting.summaries.{name}")
        try:
            run()
        finally:
            for signal, receiver, name in receivers:
                signal.connect(receiver, dispatch_uid=f"reporting.summaries.{name}")

    return unsummarised


def copy_floor(data: bytes):
    from django.db import connection

    text = data.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    columns = ", ".join(f"c{i} text" for i in range(len(header)))

    def run():
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE import_floor ({columns}) ON COMMIT DROP")
            with cursor.copy("COPY import_floor FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)") as copy:
                copy.write(text)

    return run


def vacuumed(run) -> Timing:
    """One rolled-back run, then VACUUM: a rolled-back import leaves its rows and index entries dead, and the next
    case would pay for them (a second run on the same database took 16.7 s instead of 13)."""
    from django.db import connection

    timing = rolled_back(run)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return timing


def median_of(run, runs: int) -> Timing:
    timings = sorted((vacuumed(run) for _ in range(runs)), key=lambda timing: timing.wall)
    return timings[len(timings) // 2]


def load() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv=None) -> None:
    args = parse_args(argv)
    url = common.bench_database_url()
    fresh = common.ensure_database(url, reset=not args.reuse)
    common.setup_django(url)
    from assignments.models import Assignment

    if fresh or not Assignment.objects.exists():
        started = time.perf_counter()
        fill()
        print(f"database filled (migrate, seed_demo) in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    data, plain = make_file(args.rows)
    print(f"file: {args.rows:,} assignments, {len(data) / 1e6:.1f} MB, made in {time.perf_counter() - started:.1f} s")
    common.analyze()
    print(f"before: {load()}", flush=True)
    timings = {}
    for name, case in (
        ("importer", lambda: importer(data)),
        ("importer, no summaries", lambda: without_summaries(importer(data))),
        ("django-import-export", lambda: django_import_export(plain)),
        ("COPY into the portal", lambda: portal_copy(portal_rows(data))),
        ("COPY, no summaries", lambda: without_summaries(portal_copy(portal_rows(data)))),
        ("COPY", lambda: copy_floor(data)),
    ):
        timings[name] = timing = median_of(case(), args.runs)
        print(f"{name:>22}: {timing.wall:7.2f} s  {args.rows / timing.wall:>10,.0f} rows/s  ({timing}; {load()})")
        if name == "importer" and OVERLAP.lines:
            print(f"{'':>24}{OVERLAP.lines[-1]}")
    seconds = {name: timing.wall for name, timing in timings.items()}
    rate = args.rows / seconds["importer"]
    ratio = seconds["django-import-export"] / seconds["importer"]
    share = 100 * seconds["COPY"] / seconds["importer"]
    own = seconds["COPY into the portal"]
    print(
        f"the database's own work for these rows: {own:.2f} s, at most {args.rows / own:,.0f} rows/s for any "
        f"importer; the importer's time beyond it: {seconds['importer'] - own:.2f} s"
    )
    print(
        f"the figures' summary triggers: importer +{seconds['importer'] - seconds['importer, no summaries']:.2f} s, "
        f"COPY into the portal +{own - seconds['COPY, no summaries']:.2f} s "
        f"({100 * (own / seconds['COPY, no summaries'] - 1):.0f} %); {load()}"
    )
    mine, floor_case = timings["importer"], timings["COPY into the portal"]
    if mine.backend is not None and floor_case.backend:
        # On an idle machine of two cores the importer's Python and its backend run side by side: its time is about
        # the larger of their CPU times (plus what cannot overlap: the file read before the first COPY, logged
        # above), against the COPY into the portal's backend CPU; a busy machine adds waiting for a core.
        floor = max(mine.python, mine.backend)
        other = timings["django-import-export"].python + (timings["django-import-export"].backend or 0)
        print(
            f"idle floor of the importer: {floor:.2f} s CPU (the larger of its Python and backend CPU) against "
            f"{floor_case.backend:.2f} s for the COPY into the portal's backend: {floor / floor_case.backend:.2f}x; "
            f"django-import-export's Python and backend take turns: {other:.2f} s of CPU in all, "
            f"{other / floor:.1f}x the importer's floor"
        )
    print(
        f"validated rows/s: {rate:,.0f}; x django-import-export: {ratio:.1f}; share of COPY: {share:.1f} %; "
        f"x database work: {seconds['importer'] / own:.2f}"
    )


if __name__ == "__main__":
    main()
