"""``copy_histories``: assignments with complete histories written with PostgreSQL COPY, for millions of rows.

The bulk twin of ``lifecycle.import_histories`` (whose ``bulk_create`` is too slow for ``seed_demo --scale``) and
under its rule: every path is checked against ``lifecycle.TRANSITIONS`` as the system, in time order
(``lifecycle.check_history``), before its rows are written, all in one transaction. The caller gives each assignment's
own fields, its path and the moment of each step; this module reserves the ids, derives the state from the path and
writes both tables. Its columns come from the models' ``_meta``: a field the caller leaves out gets the field's
default, and a new field without one fails loudly at the first COPY. The database constraints (states, one current
transition per assignment, a matched assignment has a partner and a level, times in order, foreign keys) guard the
rest.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone
from psycopg import Copy
from psycopg.copy import FileWriter

from partnership.history import attach as attach_history_context

from . import lifecycle
from .models import Assignment, AssignmentTransition
from .signals import copied, copying

CHUNK = 20_000  # assignments per pair of COPY statements
# Fields the history decides, not the caller.
STATE_FIELDS = ("state", "state_changed_at")


ASSIGNMENT_COLUMNS = list(Assignment._meta.concrete_fields)
TRANSITION_COLUMNS = [field for field in AssignmentTransition._meta.concrete_fields if not field.primary_key]
# What a caller may give, by attribute name (``theme_id``, not ``theme``).
ASSIGNMENT_FIELDS = tuple(
    field.attname for field in ASSIGNMENT_COLUMNS if not field.primary_key and field.name not in STATE_FIELDS
)


@dataclass(frozen=True)
class History:
    """One assignment to write: its own fields (``ASSIGNMENT_FIELDS``), its path of states from creation and the
    moment of each step (datetimes, or text PostgreSQL reads as ``timestamptz``)."""

    fields: dict
    states: Sequence[str]
    times: Sequence
    notes: Sequence[str] = ()  # one per step when given (an import's reason for a rejection); empty otherwise


def _template(columns) -> tuple[list, dict[str, int]]:
    """A row of ``columns`` with every field's default, and the position of each attribute name in it."""
    return [field.get_default() for field in columns], {field.attname: i for i, field in enumerate(columns)}


def reserve_ids(count: int) -> int:
    """Reserve ``count`` consecutive assignment ids and return the first; the table lock keeps other writers out
    until the transaction ends."""
    table = Assignment._meta.db_table
    pk = Assignment._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s::regclass, nextval(%s::regclass) + %s - 1)", [sequence, sequence, count])
        last = cursor.fetchone()[0]
    return last - count + 1


def _foreign_keys(mode: str) -> None:
    """``SET CONSTRAINTS`` ``mode`` for the foreign keys of both tables (Django makes them ``INITIALLY DEFERRED``)."""
    tables = [Assignment._meta.db_table, AssignmentTransition._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(quote_ident(conname), ', ' ORDER BY conname) FROM pg_constraint "
            "WHERE contype = 'f' AND condeferrable AND conrelid = ANY(%s::regclass[])",
            [tables],
        )
        names = cursor.fetchone()[0]
        if names:
            # bandit B608: the constraint names from the catalogue, quoted by quote_ident; mode a constant
            cursor.execute(f"SET CONSTRAINTS {names} {mode}")  # nosec B608


class Copier:
    """``copy_histories`` in two halves, so that a caller can check and format the next chunk while PostgreSQL
    writes the last one on the same connection (``exchange.imports``' pipeline):

    - made on the connection's thread: attaches the audit trail's context and reserves ``count`` ids;
    - ``format(histories)``: any thread, no database: checks every path (``lifecycle.check_history``), numbers the
      assignments in time order (the moment of their first step; the ids reserved are used in that order) and
      formats both tables' rows as COPY text;
    - ``copy(formatted)``: on the connection's thread, two COPY statements;
    - ``finish()``: on the connection's thread after the last ``copy``: sends ``signals.copied`` (``copying`` is
      sent once the ids are reserved).

    Between the two, the foreign keys of both tables are ``IMMEDIATE``: each COPY's rows are checked at its end (the
    assignments come before their history in every chunk), overlapping the caller's work on the next chunk.
    """

    def __init__(self, count: int):
        attach_history_context()  # COPY passes by Django's cursor: the audit trail's context goes in first
        self.next_id = reserve_ids(count) if count > 0 else 0
        self.ids = range(self.next_id, self.next_id + count) if count > 0 else range(0)
        self.left = count
        if self.ids:
            copying.send(sender=Copier, ids=self.ids)
            # The foreign keys checked at the end of each COPY, while the caller checks the next chunk, instead of all
            # at the commit, after the last one; ``finish`` defers them again (an error still rolls everything back).
            _foreign_keys("IMMEDIATE")
        # Formatting only (their writers keep the text): made here, on the connection's thread, so that ``format``
        # never touches the connection; they run no statement.
        cursor = connection.connection.cursor()
        self._sinks = [_Sink(), _Sink()]
        self._formatters = [Copy(cursor, writer=sink) for sink in self._sinks]
        self._assignment_sql = _copy_sql(Assignment, ASSIGNMENT_COLUMNS)
        self._transition_sql = _copy_sql(AssignmentTransition, TRANSITION_COLUMNS)

    def format(self, histories: Sequence[History]) -> tuple[int, int, bytes, bytes]:
        """(assignments, transitions, their COPY text) for ``histories``; raises before anything is written when a
        path is refused or more histories come than were announced."""
        if len(histories) > self.left:
            raise ValueError(f"More histories than the {self.left} still announced")
        assignment_template, assignment_index = _template(ASSIGNMENT_COLUMNS)
        transition_template, transition_index = _template(TRANSITION_COLUMNS)
        given = set(ASSIGNMENT_FIELDS)
        id_at, state_at, changed_at = (assignment_index[name] for name in ("id", "state", "state_changed_at"))
        owner_at, from_at, to_at, at_at, ended_at, note_at = (
            transition_index[name] for name in ("assignment_id", "from_state", "to_state", "at", "ended_at", "note")
        )
        transition_template[transition_index["by_id"]] = None  # the system
        checked = []
        for history in histories:
            states = [state if state.__class__ is str else str(state) for state in history.states]
            lifecycle.check_history(history.fields.get("title", ""), states, history.times)
            if not history.fields.keys() <= given:
                raise KeyError(f"Not fields a caller gives: {sorted(history.fields.keys() - given)}")
            checked.append((history.times[0], states, history))
        # ids in time order: the time indexes then take each chunk's rows in order, and the table is in time order
        checked.sort(key=lambda item: item[0])
        count = 0
        next_id = self.next_id
        assignment_copy, transition_copy = self._formatters
        for _first, states, history in checked:
            times = history.times
            row = assignment_template.copy()
            for name, value in history.fields.items():
                row[assignment_index[name]] = value
            row[id_at], row[state_at], row[changed_at] = next_id, states[-1], times[-1]
            assignment_copy.write_row(row)
            previous = ""
            for index, state in enumerate(states):
                step = transition_template.copy()
                step[owner_at], step[from_at], step[to_at], step[at_at] = next_id, previous, state, times[index]
                step[ended_at] = times[index + 1] if index + 1 < len(states) else None
                if history.notes:
                    step[note_at] = history.notes[index]
                transition_copy.write_row(step)
                previous = state
            count += len(states)
            next_id += 1
        assignments, transitions = (
            sink.take(formatter) for sink, formatter in zip(self._sinks, self._formatters, strict=True)
        )
        self.next_id = next_id
        self.left -= len(checked)
        return len(checked), count, assignments, transitions

    def copy(self, formatted: tuple[int, int, bytes, bytes]) -> None:
        _written, _transitions, assignments, transitions = formatted
        # psycopg's errors as Django's (a refused row an IntegrityError, a lost server an OperationalError), as
        # Django's own cursor gives them: the import tells them apart
        with connection.wrap_database_errors, connection.connection.cursor() as cursor:
            with cursor.copy(self._assignment_sql) as copy:
                copy.write(assignments)
            with cursor.copy(self._transition_sql) as copy:
                copy.write(transitions)

    def finish(self) -> None:
        """Every chunk is copied: what was deferred to the end of the write is done (``copied``)."""
        if self.ids:
            _foreign_keys("DEFERRED")
            copied.send(sender=Copier, ids=self.ids)


class _Sink(FileWriter):
    """Where a formatting ``Copy`` puts its text, taken a chunk at a time."""

    def __init__(self):
        super().__init__(io.BytesIO())

    def take(self, formatter: Copy) -> bytes:
        self.write(formatter.formatter.end())  # what the formatter still buffers
        text = self.file.getvalue()
        self.file = io.BytesIO()
        return text


def copy_histories(histories: Iterable[History], *, count: int, chunk: int = CHUNK) -> tuple[int, int]:
    """Write ``count`` assignments (exactly as many as ``histories`` yields) with their histories.

    Returns (assignments, transitions) written. Any refused path or database error rolls everything back.
    """
    if count <= 0:
        return 0, 0
    written = transitions = 0
    with transaction.atomic():
        copier = Copier(count)
        source = iter(histories)
        while batch := list(islice(source, chunk)):
            formatted = copier.format(batch)
            copier.copy(formatted)
            written += formatted[0]
            transitions += formatted[1]
        if written != count:
            raise ValueError(f"{written} histories given, {count} announced")
        copier.finish()
    return written, transitions


# The fields an import may change on an existing assignment; its state and history are the lifecycle's.
UPDATABLE_FIELDS = (
    "description",
    "kind",
    "theme_id",
    "wanted_levels",
    "education_organisation_id",
    "level",
    "contact_id",
    "student_count",
    "period_start",
    "period_end",
)


def update_fields(changes: dict[int, dict], *, batch_size: int = 1000) -> int:
    """Bring existing assignments' own fields in line (an import's updates): ``{pk: {attname: value}}``, only
    ``UPDATABLE_FIELDS``. Never the state or the history. Every changed assignment is validated with ``full_clean``
    (its constraints included) before anything is written, in one transaction. Returns the number changed."""
    if not changes:
        return 0
    for values in changes.values():
        if not values.keys() <= set(UPDATABLE_FIELDS):
            raise KeyError(f"Not fields an import changes: {sorted(values.keys() - set(UPDATABLE_FIELDS))}")
    with transaction.atomic():
        assignments = Assignment.objects.select_for_update().in_bulk(list(changes))
        names = sorted({name for values in changes.values() for name in values})
        for pk, values in changes.items():
            assignment = assignments[pk]
            for name, value in values.items():
                setattr(assignment, name, value)
            assignment.full_clean(exclude=["theme", "government_organisation", "education_organisation", "contact"])
        now = timezone.now()
        for assignment in assignments.values():
            assignment.updated_at = now
        Assignment.objects.bulk_update(list(assignments.values()), [*names, "updated_at"], batch_size=batch_size)
    return len(assignments)


def _copy_sql(model, columns) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in columns)
    return f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
