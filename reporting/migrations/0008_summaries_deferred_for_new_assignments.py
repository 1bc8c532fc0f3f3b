"""The figures' summaries of a bulk write's new assignments deferred to one grouped pass in the same transaction.

A bulk write COPYs its new assignments and their histories in chunks (``assignments.bulk.Copier``: 20 statements per
table for an import of 100,000). Each statement fires the summary triggers of ``0007_state_count_changes``, and each
of those joins the whole history or the answers for the chunk's assignments, locks them (``FOR SHARE``) and adds its
own grouped rows: about 8 s of the backend's CPU for such an import, against about 4 s when the same rows come in one
statement per table. So the writer may say which new assignments are coming:

- ``reporting_defer(first, last)``: the ids ``first``..``last`` (reserved, not used yet: refused otherwise) are set
  in the transaction-local setting ``reporting.deferred_assignments``; while it is set, the triggers leave out the
  assignments in that range, their history and their answers (a statement of only such rows returns at once);
- ``reporting_catch_up()``: one grouped INSERT per summary for the assignments of that range as they are now (with
  their history and answers), then the setting is cleared. No lock is taken: the range's assignments are the
  transaction's own and not visible to any other until it commits.

Writes of other assignments in the meantime are summarised as always (the triggers filter row by row), and a write of
a deferred assignment before the catch-up is simply part of what the catch-up reads. A rolled-back transaction or
savepoint takes the setting back with it. Called by ``reporting.summaries.defer`` and ``catch_up``, which the
``assignments.bulk`` copier's signals reach (``reporting.apps``).
"""

import importlib

from django.db import migrations

# The builders of the summaries' SQL, as installed by 0007 (its text is not changed: only which rows it reads).
counts = importlib.import_module("reporting.migrations.0007_state_count_changes")

ASSIGNMENTS, HISTORY, ANSWERS, DIMENSIONS = counts.ASSIGNMENTS, counts.HISTORY, counts.ANSWERS, counts.DIMENSIONS
SETTING = "reporting.deferred_assignments"
DECLARE = "DECLARE deferred int8range := reporting_deferred();"


def kept(rows: str) -> str:
    """An assignments' transition table without the deferred assignments."""
    return f"(SELECT * FROM {rows} WHERE NOT (id <@ deferred))"  # nosec B608


def locked(source: str) -> str:
    """0007's ``locked``: the assignments of the changed rows, locked, without the deferred ones."""
    return f"""
        WITH locked AS MATERIALIZED (
            SELECT a.id, {", ".join(f"a.{column}" for column in DIMENSIONS)} FROM {ASSIGNMENTS} a
            WHERE a.id IN ({source}) AND NOT (a.id <@ deferred) FOR SHARE OF a
        )"""  # nosec B608


def all_deferred(column: str) -> str:
    """A statement that changed only deferred assignments' rows (or theirs) returns at once."""

    def only(rows: str) -> str:
        return f"NOT EXISTS (SELECT 1 FROM {rows} WHERE NOT ({column} <@ deferred))"  # nosec B608

    # one IF per operation: a statement naming a transition table the operation has not is refused when planned
    return f"""
    IF isempty(deferred) OR TG_OP = 'TRUNCATE' THEN
        NULL;
    ELSIF TG_OP = 'INSERT' THEN
        IF {only("new_rows")} THEN
            RETURN NULL;
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF {only("old_rows")} THEN
            RETURN NULL;
        END IF;
    ELSIF {only("old_rows")} AND {only("new_rows")} THEN
        RETURN NULL;
    END IF;"""


def changed(table: str) -> str:
    """0007's ``changed`` with the deferred assignments left out."""

    def inserts(sign: int, rows: str) -> str:
        owners = f"SELECT assignment_id FROM {rows}"  # nosec B608
        if table == HISTORY:
            return (
                locked(owners)
                + counts.state_counts(counts.state_rows(sign, rows, "locked"))
                + locked(owners)
                + counts.followup_counts(counts.pair_rows(sign, rows, ANSWERS, "locked"))
            )
        return locked(owners) + counts.followup_counts(counts.pair_rows(sign, HISTORY, rows, "locked"))

    # bandit B608: the names of 0007's tables only
    truncate = f"DELETE FROM {counts.FOLLOWUPS};" + (f" DELETE FROM {counts.STATES};" if table == HISTORY else "")  # nosec B608
    return f"""{all_deferred("assignment_id")}
    IF TG_OP = 'TRUNCATE' THEN
        {truncate}
    ELSIF TG_OP = 'INSERT' THEN {inserts(1, "new_rows")}
    ELSIF TG_OP = 'DELETE' THEN {inserts(-1, "old_rows")}
    ELSE {inserts(-1, "old_rows")} {inserts(1, "new_rows")}
    END IF;"""


def moved_assignments() -> str:
    """0007's ``moved_assignments`` without the deferred assignments."""
    old = ", ".join(f"o.{column}" for column in DIMENSIONS)
    new = ", ".join(f"n.{column}" for column in DIMENSIONS)
    pairs = f"FROM {kept('old_rows')} o JOIN {kept('new_rows')} n ON n.id = o.id WHERE ({old}) IS DISTINCT FROM ({new})"
    cte = f"""
        WITH moved_from AS MATERIALIZED (SELECT o.id, {old} {pairs}),
             moved_to AS MATERIALIZED (SELECT n.id, {new} {pairs})"""  # nosec B608
    states = counts.state_rows(-1, HISTORY, "moved_from") + " UNION ALL " + counts.state_rows(1, HISTORY, "moved_to")
    pairs_rows = (
        counts.pair_rows(-1, HISTORY, ANSWERS, "moved_from")
        + " UNION ALL "
        + counts.pair_rows(1, HISTORY, ANSWERS, "moved_to")
    )
    return cte + counts.state_counts(states) + cte + counts.followup_counts(pairs_rows)


ASSIGNMENT_BODY = f"""{all_deferred("id")}
    IF TG_OP = 'INSERT' THEN
        {counts.state_counts(counts.state_rows(1, HISTORY, kept("new_rows")))}
        {counts.followup_counts(counts.pair_rows(1, HISTORY, ANSWERS, kept("new_rows")))}
    ELSIF TG_OP = 'DELETE' THEN
        {counts.state_counts(counts.state_rows(-1, HISTORY, kept("old_rows")))}
        {counts.followup_counts(counts.pair_rows(-1, HISTORY, ANSWERS, kept("old_rows")))}
    ELSE {moved_assignments()}
    END IF;"""


def function(name: str, body: str, declare: str = DECLARE) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
{declare}
BEGIN
    {body}
    RETURN NULL;
END
$$;"""


# The range's own rows, read by their indexes (the assignments' primary key, the history's and the answers' keys led
# by the assignment).
IN_RANGE = "{column} >= lower(deferred) AND {column} < upper(deferred)"
RANGE_ASSIGNMENTS = f"(SELECT * FROM {ASSIGNMENTS} WHERE {IN_RANGE.format(column='id')})"  # nosec B608
RANGE_HISTORY = f"(SELECT * FROM {HISTORY} WHERE {IN_RANGE.format(column='assignment_id')})"  # nosec B608
CATCH_UP = f"""
CREATE OR REPLACE FUNCTION reporting_catch_up() RETURNS void LANGUAGE plpgsql AS $$
{DECLARE}
BEGIN
    IF isempty(deferred) THEN
        RETURN;
    END IF;
    {counts.state_counts(counts.state_rows(1, RANGE_HISTORY, RANGE_ASSIGNMENTS))}
    {counts.followup_counts(counts.pair_rows(1, RANGE_HISTORY, ANSWERS, RANGE_ASSIGNMENTS))}
    PERFORM set_config('{SETTING}', '', true);
END
$$;"""

DEFER = f"""
CREATE OR REPLACE FUNCTION reporting_defer(first_id bigint, last_id bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT isempty(reporting_deferred()) THEN
        RAISE EXCEPTION 'The summaries of assignments % are deferred already', reporting_deferred();
    END IF;
    IF EXISTS (SELECT 1 FROM {ASSIGNMENTS} WHERE id >= first_id AND id <= last_id)
       OR EXISTS (SELECT 1 FROM {HISTORY} WHERE assignment_id >= first_id AND assignment_id <= last_id)
       OR EXISTS (SELECT 1 FROM {ANSWERS} WHERE assignment_id >= first_id AND assignment_id <= last_id) THEN
        RAISE EXCEPTION 'Only new assignments have their summaries deferred: % to % are used', first_id, last_id;
    END IF;
    PERFORM set_config('{SETTING}', int8range(first_id, last_id, '[]')::text, true);
END
$$;"""  # nosec B608

DEFERRED = f"""
CREATE OR REPLACE FUNCTION reporting_deferred() RETURNS int8range LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('{SETTING}', true), ''), 'empty')::int8range
$$;"""

INSTALL = [
    DEFERRED,
    function("reporting_history_counts", changed(HISTORY)),
    function("reporting_answer_counts", changed(ANSWERS)),
    function("reporting_assignment_counts", ASSIGNMENT_BODY),
    DEFER,
    CATCH_UP,
]
REMOVE = [
    # 0007's functions back (the triggers stay: they name the functions)
    counts.function("reporting_history_counts", counts.changed(HISTORY)),
    counts.function("reporting_answer_counts", counts.changed(ANSWERS)),
    counts.function("reporting_assignment_counts", counts.ASSIGNMENT_BODY),
    "DROP FUNCTION IF EXISTS reporting_catch_up();",
    "DROP FUNCTION IF EXISTS reporting_defer(bigint, bigint);",
    "DROP FUNCTION IF EXISTS reporting_deferred();",
]


class Migration(migrations.Migration):
    dependencies = [("reporting", "0007_state_count_changes")]

    operations = [migrations.RunSQL(INSTALL, REMOVE)]
