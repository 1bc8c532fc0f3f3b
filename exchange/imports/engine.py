"""Check a file of one kind in bulk into a preview, and commit it all or nothing.

The check reads every cell through its column's parser, then the kind's cross-column checks, finds duplicate natural
keys, loads the existing records of the file's keys in a few queries and sorts each row into to create, to update or
unchanged. The commit checks the file again inside one transaction and writes only when nothing is wrong.
"""

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils.translation import gettext as _

from partnership.columns import Invalid, Lookups, is_empty
from partnership.workspace import RecordKind

from .audit import acting_user
from .bounds import Deadline, FileProblem, limits, memory_exceeded
from .pipeline import AskingLookups, Pipeline
from .reading import Table, read_table

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 5_000  # rows between two progress reports
CHECK_EVERY = 1_000  # rows between two looks at the clock
SHOWN_ERRORS = 500  # errors a report keeps; the count says how many there were
# new records per pair of COPY statements when a kind has a copier: small enough that PostgreSQL starts soon, big
# enough that a statement's fixed cost (the audit trigger's statement) does not count
COPY_CHUNK = 5_000


@dataclass
class RowError:
    row: int  # 1 is the header
    column: str
    value: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


@dataclass
class Analysis:
    rows: int = 0
    creates: list[dict] = field(default_factory=list)
    updates: list[tuple[dict, dict, list[str]]] = field(default_factory=list)  # record, current, changed columns
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def report(self) -> dict:
        """What a preview page shows, as JSON."""
        return {
            "rows": self.rows,
            "create": len(self.creates),
            "update": len(self.updates),
            "unchanged": self.unchanged,
            "error_count": len(self.errors),
            "errors": [error.as_dict() for error in self.errors[:SHOWN_ERRORS]],
            "updates": [
                {"row": record["_row"], "changed": changed} for record, _current, changed in self.updates[:SHOWN_ERRORS]
            ],
        }


class ImportRefused(Exception):
    """Nothing was imported; ``analysis`` says why."""

    def __init__(self, analysis: Analysis):
        super().__init__(f"{len(analysis.errors)} errors")
        self.analysis = analysis


def _shown(raw) -> str:
    return "" if raw is None else str(raw)[:200]


def _header_errors(kind: RecordKind, header: list[str]) -> tuple[list[RowError], dict[int, object]]:
    """Errors of the column names, and for each known column of the kind its position in the file. A column the
    export writes for people to read (``parse`` is None, such as a fieldlab's status today) is passed over."""
    errors = []
    wanted = {name: column for column in kind.columns for name in column.names()}
    positions = {}
    for index, name in enumerate(header):
        column = wanted.get(name.casefold())
        if column is None:
            if name:
                errors.append(RowError(1, name, name, _("Unknown column for %(kind)s.") % {"kind": kind.title}))
            continue
        if column.parse is None:
            continue
        if column.field in positions.values():
            errors.append(RowError(1, name, name, _("This column occurs twice.")))
            continue
        positions[index] = column.field
    found = set(positions.values())
    for column in kind.columns:
        if column.required and column.field not in found:
            errors.append(RowError(1, str(column.header), "", _("This required column is missing.")))
    return errors, positions


def unreadable_value() -> str:
    return _("This value cannot be read.")


def analyse(
    kind: RecordKind, table: Table, progress: Callable[..., None] | None = None, deadline: Deadline | None = None
) -> Analysis:
    """Check every row of the table (its rows are consumed: read the table again to analyse it twice)."""
    analysis = Analysis(rows=len(table.rows))
    errors, positions = _header_errors(kind, table.header)
    if errors:
        analysis.errors = errors
        return analysis
    lookups = Lookups()
    valid = list(_valid_records(kind, table, positions, analysis, lookups, progress, deadline))
    current = kind.existing(valid, lookups)
    for record in valid:
        _sort_into(kind, analysis, record, current)
    analysis.errors.sort(key=lambda error: error.row)
    return analysis


def _valid_records(
    kind: RecordKind,
    table: Table,
    positions: dict[int, str],
    analysis: Analysis,
    lookups: Lookups,
    progress: Callable[..., None] | None = None,
    deadline: Deadline | None = None,
) -> Iterator[dict]:
    """The records of the table's rows that pass every check of their own (columns, the kind's cross-column checks,
    no earlier row with the same key), in the file's order; the errors of the others go to ``analysis``."""
    if progress is not None:
        progress(0, analysis.rows)
    by_field = {column.field: column for column in kind.columns}
    # Per column of the file, what the loop needs, looked up once (a big file runs it a million times).
    plan = [(index, name, by_field[name].parse, by_field[name]) for index, name in positions.items()]
    width = len(table.header)
    absent = {
        column.field: column.default
        for column in kind.columns
        if column.parse is not None and column.field not in positions.values()
    }
    seen: dict[tuple, int] = {}
    rows = table.rows
    for done in range(1, len(rows) + 1):
        # the table's rows are consumed: each row's cells are let go once its record is made (a big file's cells
        # and its records need not be in memory at once)
        number, cells = rows[done - 1]
        rows[done - 1] = None
        record = {"_row": number, **absent}
        row_ok = True
        if len(cells) < width:
            cells = [*cells, *([None] * (width - len(cells)))]
        for index, name, parse, column in plan:
            raw = cells[index]
            if raw is None or raw == "" or (raw.__class__ is str and raw.isspace()):
                if column.required:
                    analysis.errors.append(RowError(number, str(column.header), "", _("Required: this cell is empty.")))
                    row_ok = False
                record[name] = column.default
                continue
            try:
                record[name] = value = parse(raw, lookups)
                if value == "" and column.required:  # only invisible characters: empty, as in a form
                    analysis.errors.append(RowError(number, str(column.header), "", _("Required: this cell is empty.")))
                    row_ok = False
            except Invalid as error:
                analysis.errors.append(RowError(number, str(column.header), _shown(raw), str(error)))
                row_ok = False
            except (ValueError, TypeError, ArithmeticError, AttributeError):  # a value no parser foresaw
                analysis.errors.append(RowError(number, str(column.header), _shown(raw), unreadable_value()))
                row_ok = False
        if len(cells) > width and any(not is_empty(cell) for cell in cells[width:]):
            analysis.errors.append(RowError(number, "", "", _("This row has more cells than the header has columns.")))
            row_ok = False
        if row_ok:
            for name, message in kind.check(record, lookups):
                analysis.errors.append(
                    RowError(number, kind.header_of(name), _shown_field(kind, record, name), message)
                )
                row_ok = False
        if row_ok:
            key = kind.key_of(record)
            if key in seen:
                analysis.errors.append(
                    RowError(
                        number,
                        ", ".join(kind.header_of(name) for name in kind.key),
                        ", ".join(_shown(cells[index]) for index, name in positions.items() if name in kind.key),
                        _("Duplicate row: the same record as row %(row)s.") % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = number
                yield record
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
        if deadline is not None and done % CHECK_EVERY == 0:
            deadline.check()


def _sort_into(kind: RecordKind, analysis: Analysis, record: dict, current: dict[tuple, dict]) -> bool:
    """Put a valid record with the records to create, to update or unchanged (or its conflicts with the portal's
    record with the errors); True when it is to be created."""
    existing = current.get(kind.key_of(record))
    if existing is None:
        analysis.creates.append(record)
        return True
    for name in kind.key:  # a key found in another case: the portal's spelling stays
        record[name] = existing[name]
    conflicts = kind.conflict(record, existing)
    if conflicts:
        for name, message in conflicts:
            analysis.errors.append(
                RowError(record["_row"], kind.header_of(name), _shown_field(kind, record, name), message)
            )
        return False
    changed = [kind.header_of(name) for name in kind.compared_fields if record[name] != existing[name]]
    if changed:
        analysis.updates.append((record, existing, changed))
    else:
        analysis.unchanged += 1
    return False


def _shown_field(kind: RecordKind, record: dict, name: str) -> str:
    value = record.get(name, record.get(name.replace("_id", "_email")))
    return _shown(value)


@contextmanager
def collector_paused():
    """Python's cycle collector paused while a file is read, checked and written: a big file allocates millions of
    objects without cycles (rows, records, dates), and the collector's repeated passes over all of them took a fifth
    of a 100,000-row import (17.4 s, 13.7 s without). Any cycle made meanwhile is collected once it resumes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def unreadable_file() -> str:
    return _("The file could not be read; check that it is a CSV or Excel (.xlsx) file saved from a spreadsheet.")


# What a file no check foresaw can raise while it is read or checked: the coordinator gets a sentence, the log the
# trace. MemoryError (the worker's bound, ``exchange.jobs.memory_limit``) has a sentence of its own.
UNFORESEEN = (RecursionError, ValueError, TypeError, LookupError, ArithmeticError, AttributeError)


def _unreadable(error: Exception) -> FileProblem:
    logger.error("Unreadable import file", exc_info=error)
    return FileProblem(unreadable_file())


def _read(data: bytes, deadline: Deadline) -> Table:
    try:
        return read_table(data, deadline.limit, deadline)
    except UNFORESEEN as error:
        raise _unreadable(error) from error
    except MemoryError:
        pass  # leaving the handler drops the traceback, and with it the frames that held the memory
    raise _over_memory(deadline)


def _over_memory(deadline: Deadline) -> FileProblem:
    logger.warning("Import file over the memory bound of %d MB", deadline.limit.max_memory // 1024 // 1024)
    return memory_exceeded(deadline.limit)


def preview(kind: RecordKind, data: bytes, progress=None) -> Analysis:
    """The preview of a file: what an import would do, writing nothing. A file that cannot be read (or takes longer
    than the time limit) gives one error."""
    deadline = Deadline(limits())
    with collector_paused():
        try:
            return _analysed(kind, _read(data, deadline), progress, deadline)
        except FileProblem as problem:
            return Analysis(errors=[RowError(0, "", "", str(problem))])


def _analysed(kind: RecordKind, table: Table, progress, deadline: Deadline) -> Analysis:
    try:
        return analyse(kind, table, progress, deadline)
    except UNFORESEEN as error:
        raise _unreadable(error) from error
    except MemoryError:
        pass  # as in _read
    raise _over_memory(deadline)


def commit(kind: RecordKind, data: bytes, *, by) -> Analysis:
    """Import the file: checked again inside one transaction, written only when no row has an error, through the
    owning apps' services. Raises ``ImportRefused`` (with the errors) when nothing was written; a lost database
    connection (``OperationalError``, ``InterfaceError``) is raised as it is: the import can be tried again."""
    with collector_paused():
        return _commit(kind, data, by=by)


def _refused(message: str, rows: int = 0) -> ImportRefused:
    return ImportRefused(Analysis(rows=rows, errors=[RowError(0, "", "", message)]))


def _commit(kind: RecordKind, data: bytes, *, by) -> Analysis:
    deadline = Deadline(limits())
    try:
        table = _read(data, deadline)
    except FileProblem as problem:
        raise _refused(str(problem)) from problem
    rows = len(table.rows)
    try:
        with transaction.atomic(), acting_user(by):
            try:
                if kind.copier is not None:
                    pipeline = Pipeline()
                    analysis = pipeline.run(partial(_check_in_chunks, kind, table, deadline), _write_chunk)
                    logger.info(
                        "Import of %s rows: first chunk copied after %.2f s, the connection waited %.2f s for the "
                        "checking thread, %.2f s in all",
                        rows,
                        pipeline.first_item,
                        pipeline.waited,
                        pipeline.elapsed,
                    )
                else:
                    analysis = analyse(kind, table, deadline=deadline)
            except FileProblem as problem:
                raise _refused(str(problem), rows) from problem
            if not analysis.ok:
                raise ImportRefused(analysis)
            # with a copier, the new records are written already
            creates = () if kind.copier is not None else analysis.creates
            records = [{k: v for k, v in record.items() if k != "_row"} for record in creates]
            updates = [
                ({k: v for k, v in record.items() if k != "_row"}, current)
                for record, current, _changed in analysis.updates
            ]
            kind.write(records, updates, Lookups(by=by))
    except (OperationalError, InterfaceError):
        raise  # the database went away: nothing was written, and the job may be tried again
    except (ValidationError, DatabaseError) as error:
        message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error).splitlines()[0]
        raise _refused(
            _("The import was refused; nothing was changed: %(reason)s") % {"reason": message}, rows
        ) from error
    return analysis


def _keys(kind: RecordKind, table: Table, positions: dict[int, str], lookups: Lookups, deadline: Deadline) -> list:
    """The key fields of every row whose key cells can be read (a row whose cannot is refused later): the records a
    copier's pipeline looks up in the portal before any row is written."""
    plan = [
        (index, name, column.parse)
        for index, name in positions.items()
        for column in kind.columns
        if column.field == name and name in kind.key
    ]
    records = []
    for done, (_number, cells) in enumerate(table.rows, start=1):
        record = {}
        for index, name, parse in plan:
            raw = cells[index] if index < len(cells) else None
            if is_empty(raw):
                break
            try:
                record[name] = parse(raw, lookups)
            except (Invalid, *UNFORESEEN):
                break
        else:
            records.append(record)
        if done % CHECK_EVERY == 0:
            deadline.check()
    return records


def _check_in_chunks(kind: RecordKind, table: Table, deadline: Deadline, pipeline: Pipeline) -> Analysis:
    """The producer of a copier's import (``pipeline.py``): checks the rows as ``analyse`` does and hands each
    ``COPY_CHUNK`` new records, formatted, to the connection's thread while it checks the next ones. After the first
    error it only checks (everything is rolled back); the analysis it returns is the one ``analyse`` gives."""
    analysis = Analysis(rows=len(table.rows))
    errors, positions = _header_errors(kind, table.header)
    if errors:
        analysis.errors = errors
        return analysis
    lookups = AskingLookups(pipeline)
    keys = _keys(kind, table, positions, lookups, deadline)
    current = pipeline.ask(kind.existing, keys, lookups)
    new = len({kind.key_of(record) for record in keys} - current.keys())  # at most this many are created
    copier = pipeline.ask(kind.copier, new, lookups)
    chunk = []
    for record in _valid_records(kind, table, positions, analysis, lookups, deadline=deadline):
        if _sort_into(kind, analysis, record, current) and analysis.ok:
            chunk.append(record)  # a copier reads the fields it writes (not "_row")
            if len(chunk) == COPY_CHUNK:
                pipeline.send((copier, copier.format(chunk)))
                chunk = []
    if chunk and analysis.ok:
        pipeline.send((copier, copier.format(chunk)))
    if analysis.ok:
        pipeline.ask(copier.finish)  # after the chunks sent: the connection's thread takes them in order
    analysis.errors.sort(key=lambda error: error.row)
    return analysis


def _write_chunk(item) -> None:
    copier, formatted = item
    copier.write(formatted)
