"""The portal's streaming XLSX writer next to openpyxl's write-only mode on the same rows.

    .venv/bin/python benchmarks/xlsx.py --rows 100000

Both write the export of the assignment list (twelve columns: numbers, texts, dates and moments, every text made
inert) for ``--rows`` synthetic rows, made one at a time as the database's iterator would hand them over, into a sink
that keeps nothing but the number of bytes and the moment of the first one:

- **openpyxl** (the baseline): ``Workbook(write_only=True)``, a bold header row, the first row frozen, ``append`` per
  row, ``save`` into the sink. Its write-only mode keeps the rows in a temporary file and builds the ZIP in ``save``.
- **portal**: ``partnership.spreadsheets.xlsx_chunks``, the pieces the export's ``StreamingHttpResponse`` sends.

Each measurement runs in a fresh process, the cases alternating (portal, openpyxl, portal, ...), so that load on the
machine hits both alike: the time to the first byte, the total time (medians of ``--runs``), the growth of the
process's peak resident memory while writing and, in a separate run each (tracemalloc slows Python down several
times), the peak of Python's own allocations. Ratios are the portal's against openpyxl's from the same run. No
database is used.
"""

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = [
    "Nummer",
    "Titel",
    "Status",
    "Aanvrager",
    "Onderwijspartner",
    "Thema",
    "Soort",
    "Niveau",
    "Studenten",
    "Begin",
    "Einde",
    "Laatste wijziging",
]
CASES = ("portal", "openpyxl")


def rows(count: int):
    """Rows in the export's shape, made one at a time."""
    start = dt.date(2021, 9, 1)
    moment = dt.datetime(2023, 6, 30, 10, 15, tzinfo=dt.UTC)
    states = ("Afgerond", "In uitvoering", "In voorbereiding", "Open voor onderwijspartners", "Ingediend")
    for number in range(1, count + 1):
        yield (
            number,
            f"Synthetische opdracht 1-{number}: datagedreven beleid & analyse",
            states[number % len(states)],
            f"Ministerie {number % 40}",
            f"Hogeschool {number % 60}" if number % 7 else None,
            "Datamanagement & AI",
            "Stage",
            "HBO",
            1 + number % 12,
            start + dt.timedelta(days=number % 700),
            start + dt.timedelta(days=number % 700 + 120),
            moment - dt.timedelta(minutes=number),
        )


class Sink:
    """A write-only, unseekable file: counts the bytes and notes when the first one came."""

    def __init__(self, started: float):
        self.started = started
        self.first = None
        self.size = 0

    def write(self, data) -> int:
        if data and self.first is None:
            self.first = time.perf_counter() - self.started
        self.size += len(data)
        return len(data)

    def flush(self):
        pass


def write_portal(count: int, sink: Sink) -> None:
    from partnership.spreadsheets import xlsx_chunks

    for piece in xlsx_chunks(HEADER, rows(count), "Opdrachten"):
        sink.write(piece)


def write_openpyxl(count: int, sink: Sink) -> None:
    from django.utils import timezone
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from partnership.spreadsheets import inert

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Opdrachten")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for name in HEADER:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    for row in rows(count):
        # openpyxl writes no time zone: a moment as the local time, as the portal's writer does
        sheet.append(
            [
                timezone.localtime(value).replace(tzinfo=None) if isinstance(value, dt.datetime) else inert(value)
                for value in row
            ]
        )
    workbook.save(sink)


def measure(case: str, count: int, traced: bool) -> dict:
    """One run of one case in this process."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused")
    import django

    django.setup()
    import openpyxl  # noqa: F401  (imported before the measurement, like the portal's module)

    import partnership.spreadsheets  # noqa: F401

    writer = {"portal": write_portal, "openpyxl": write_openpyxl}[case]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    sink = Sink(started)
    writer(count, sink)
    total = time.perf_counter() - started
    result = {"first": sink.first, "total": total, "size": sink.size}
    if traced:
        result["traced_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    else:
        result["rss_growth"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) * 1024
    return result


def run_child(case: str, count: int, traced: bool) -> dict:
    command = [sys.executable, __file__, "--child", case, "--rows", str(count)]
    if traced:
        command.append("--traced")
    # this script with arguments of our own
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout  # noqa: S603
    return json.loads(output.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the export")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each writer (median)")
    parser.add_argument("--no-peak", action="store_true", help="leave out the tracemalloc runs")
    parser.add_argument("--child", choices=CASES, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.rows, args.traced)))
        return

    timed = {case: [] for case in CASES}
    for _ in range(max(args.runs, 1)):
        for case in CASES:
            timed[case].append(run_child(case, args.rows, traced=False))
    traced = {case: run_child(case, args.rows, traced=True) for case in CASES} if not args.no_peak else {}

    def median(case, key):
        return statistics.median(run[key] for run in timed[case])

    table = []
    for label, key, unit, scale in [
        ("first byte", "first", "s", 1),
        ("total", "total", "s", 1),
        ("peak RSS growth", "rss_growth", "MiB", 1 / 2**20),
        ("file size", "size", "MiB", 1 / 2**20),
    ]:
        ours, theirs = median("portal", key) * scale, median("openpyxl", key) * scale
        table.append([label, f"{ours:.2f} {unit}", f"{theirs:.2f} {unit}", f"{ours / theirs:.2f}" if theirs else "-"])
    if traced:
        ours, theirs = (traced[case]["traced_peak"] / 2**20 for case in CASES)
        table.append(["peak Python allocations", f"{ours:.2f} MiB", f"{theirs:.2f} MiB", f"{ours / theirs:.2f}"])

    print(
        f"{args.rows:,} rows x {len(HEADER)} columns; median of {args.runs} runs each, alternating, each in a fresh "
        "process; ratio: portal / openpyxl (write-only) from the same run"
    )
    widths = [max(len(str(row[i])) for row in [["", "portal", "openpyxl", "ratio"], *table]) for i in range(4)]
    for number, row in enumerate([["", "portal", "openpyxl", "ratio"], *table]):
        print("  ".join(str(value).rjust(width) for value, width in zip(row, widths, strict=True)))
        if number == 0:
            print("  ".join("-" * width for width in widths))


if __name__ == "__main__":
    main()
