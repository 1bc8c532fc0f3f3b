"""The assignment figures from the summaries the triggers keep, without reading the history.

The triggers (migration ``reporting.0007_state_count_changes``) keep, in the same transaction as every write:

- ``StateCountChange``: per day and per month, state, level, theme and kind, how the number of assignments in that
  state (and their students) changes, and how many history rows began;
- ``FollowUpCountChange``: the same for the pairs of a completed history row and a follow-up answer both current.

A count at the end of D is the sum of the month rows before D's month and of the day rows of D's month up to D: some
hundred rows per key, whatever the size of the history. ``reporting.figures.assignment_counts`` and
``state_changes_per_quarter`` stay as the reference that reads the history; ``manage.py figures --verify`` and the
property test compare both.

The follow-ups due depend on ``settings.FOLLOWUP_DAYS``: the triggers count with the period fixed when they were
installed (``reporting_followup_days()``). When the setting differs (a test, a changed setting before the summaries
are filled again), the due and answered follow-ups come from the completed history rows of the last FOLLOWUP_DAYS
(``_due_from_history``): a window of that many days, read by the index on (state, at).
"""

import datetime as dt

from django.conf import settings
from django.db import connection, transaction

from assignments.models import (
    COUNTED_STATES,
    DONE_STATES,
    Assignment,
    AssignmentTransition,
    FollowUpAnswer,
    Outcome,
)

from .models import FollowUpCountChange, StateCountChange

NOW, QUARTER, PAIRS, DAYS = "now", "quarter", "pairs", "days"
# The trigger functions that keep the summaries (named in the migration that installs them).
TRIGGER_FUNCTIONS = ("reporting_history_counts", "reporting_answer_counts", "reporting_assignment_counts")


def _period_filter() -> str:
    return "((period = 'm' AND day < %(month)s) OR (period = 'd' AND day >= %(month)s AND day <= %(day)s))"


def read(as_of: dt.date, quarters: list[tuple[int, int]]) -> dict:
    """From the summaries: the counts ``reporting.figures.assignment_counts`` returns (``current``, ``in_year``,
    ``followups``) and ``quarter_counts``: (state, quarter index) -> assignments in that state at the quarter's end.
    One query; a second only when ``settings.FOLLOWUP_DAYS`` differs from the period the summaries were kept with."""
    from .figures import end_of_day, followups_due_before, quarter_start

    outcomes = Outcome.values
    pair_sums = ", ".join(f"sum({outcome})::bigint" for outcome in outcomes)
    padding = ", ".join(["0"] * (len(outcomes) - 2))
    states, pairs_table = StateCountChange._meta.db_table, FollowUpCountChange._meta.db_table
    # bandit B608: table names from the models; values as parameters
    summary_sql = f"""
        SELECT %(now)s, state, level, theme_id, kind, 0, sum(current)::bigint, sum(students)::bigint,
               coalesce(sum(began) FILTER (WHERE day >= %(year)s), 0)::bigint,
               coalesce(sum(began_students) FILTER (WHERE day >= %(year)s), 0)::bigint, sum(due)::bigint, {padding}
        FROM {states} WHERE {_period_filter()}
        GROUP BY state, level, theme_id, kind
        UNION ALL
        SELECT %(quarter)s, state, '', 0, '', width_bucket(day, %(bounds)s::date[]), sum(current)::bigint,
               0, 0, 0, 0, {padding}
        FROM {states} WHERE period = 'm' AND day < %(month)s
        GROUP BY state, 6
        UNION ALL
        SELECT %(pairs)s, '', level, theme_id, kind, 0, sum(answers)::bigint, sum(students)::bigint,
               sum(answered)::bigint, {pair_sums}
        FROM {pairs_table} WHERE {_period_filter()}
        GROUP BY level, theme_id, kind
        UNION ALL
        SELECT %(days)s, '', '', 0, '', reporting_followup_days(), 0, 0, 0, 0, 0, {padding}
    """  # nosec B608
    params = {
        "now": NOW,
        "quarter": QUARTER,
        "pairs": PAIRS,
        "days": DAYS,
        "month": as_of.replace(day=1),
        "day": as_of,
        "year": dt.date(as_of.year, 1, 1),
        "bounds": [quarter_start(quarter).date() for quarter in quarters[1:]],
    }
    with connection.cursor() as cursor:
        cursor.execute(summary_sql, params)
        summary = cursor.fetchall()

    current, in_year, due, per_quarter, pairs, kept_days = {}, {}, {}, {}, {}, None
    for tag, state, level, theme_id, kind, number, first, second, third, fourth, *rest in summary:
        if tag == NOW:
            if first:
                current[(state, level, theme_id, kind)] = (first, second)
            if third:
                in_year[(state, level, theme_id, kind)] = (third, fourth)
            if state in DONE_STATES:
                due[(level, theme_id, kind)] = rest[0]
        elif tag == QUARTER:
            per_quarter[(state, number)] = first
        elif tag == PAIRS:
            pairs[(level, theme_id, kind)] = {
                "answers": first,
                "students": second,
                "answered": third,
                "outcomes": [fourth, *rest],
            }
        else:
            kept_days = number
    if kept_days != settings.FOLLOWUP_DAYS:
        due = _due_from_history(as_of, current, pairs, end_of_day(as_of), followups_due_before(as_of))
    return {
        "current": current,
        "in_year": in_year,
        "followups": _followups(due, pairs),
        "quarter_counts": _quarter_counts(current, per_quarter, len(quarters)),
    }


def _due_from_history(as_of, current: dict, pairs: dict, until, due_before) -> dict:
    """``settings.FOLLOWUP_DAYS`` is not the period the summaries were kept with: the follow-ups due and answered
    are the completed ones current at D, less those that began in the last FOLLOWUP_DAYS (read from the history:
    a window of that many days). Sets ``answered`` in ``pairs``; returns the due per (level, theme id, kind)."""
    # bandit B608: table names from the models; values as parameters
    sql = f"""
        SELECT a.level, a.theme_id, a.kind, count(*), count(f.id)
        FROM {AssignmentTransition._meta.db_table} t
        -- a look-up per row of the window (OFFSET 0 keeps the planner from turning them into scans of both tables)
        CROSS JOIN LATERAL (
            SELECT level, theme_id, kind FROM {Assignment._meta.db_table} WHERE id = t.assignment_id OFFSET 0
        ) a
        LEFT JOIN LATERAL (
            SELECT id FROM {FollowUpAnswer._meta.db_table}
            WHERE assignment_id = t.assignment_id
              AND given_at < %(until)s AND (superseded_at IS NULL OR superseded_at >= %(until)s)
            OFFSET 0
        ) f ON true
        WHERE t.to_state = ANY(%(done)s) AND t.at >= %(due_before)s AND t.at < %(until)s
          AND (t.ended_at IS NULL OR t.ended_at >= %(until)s)
        GROUP BY 1, 2, 3
    """  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, {"until": until, "due_before": due_before, "done": list(DONE_STATES)})
        recent = {(level, theme_id, kind): (n, answered) for level, theme_id, kind, n, answered in cursor.fetchall()}
    due = {}
    for (state, level, theme_id, kind), (n, _students) in current.items():
        if state in DONE_STATES:
            due[(level, theme_id, kind)] = n - recent.get((level, theme_id, kind), (0, 0))[0]
    for key, counts in pairs.items():
        counts["answered"] = counts["answers"] - recent.get(key, (0, 0))[1]
    return due


def _quarter_counts(current: dict, per_quarter: dict, quarters: int) -> dict:
    """(state, quarter index) -> assignments in that state at the quarter's end; the last quarter's end is D."""
    counts = {}
    for state in COUNTED_STATES:
        running = 0
        for index in range(quarters - 1):
            running += per_quarter.get((state, index), 0)
            counts[(state, index)] = running
        counts[(state, quarters - 1)] = sum(
            n for (in_state, *_rest), (n, _students) in current.items() if in_state == state
        )
    return counts


def _followups(due: dict, pairs: dict) -> dict:
    """(level, theme id, kind) -> [due, answered, students followed, *outcome sums], as ``assignment_counts``."""
    empty = {"answered": 0, "students": 0, "outcomes": [0] * len(Outcome.values)}
    followups = {}
    for key in due.keys() | pairs.keys():
        counts = pairs.get(key, empty)
        if due.get(key, 0) or counts["students"]:
            followups[key] = [due.get(key, 0), counts["answered"], counts["students"], *counts["outcomes"]]
    return followups


def defer(ids: range, **_signal) -> None:
    """The summaries of the new assignments ``ids`` (reserved, not written yet) wait for ``catch_up``, in this
    transaction: the triggers leave them, their history and their answers out (migration
    ``reporting.0008_summaries_deferred_for_new_assignments``). ``assignments.bulk``'s ``copying`` signal: a bulk
    write in chunks then pays for the summaries once, not once per chunk. A rolled-back savepoint takes it back."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporting_defer(%s, %s)", [ids.start, ids.stop - 1])


def catch_up(ids: range, **_signal) -> None:
    """The deferred assignments ``ids`` summarised as they are now (one grouped INSERT per summary), and the triggers
    count them again from here on (``assignments.bulk``'s ``copied`` signal)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reporting_deferred()::text, int8range(%s, %s)::text", [ids.start, ids.stop])
        deferred, given = cursor.fetchone()
        if deferred != given:
            raise ValueError(f"The summaries deferred are those of {deferred}, not {given}")
        cursor.execute("SELECT reporting_catch_up()")


def compact() -> int:
    """Fold the rows of each summary that share a key into one (the triggers add rows; nothing else changes): the
    nightly task. Returns the number of rows removed. Safe next to writers: one statement per summary, which sees
    the committed rows and leaves those of open transactions alone."""
    removed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for model, keys in (
            (StateCountChange, ("period", "day", "state", "level", "theme_id", "kind")),
            (FollowUpCountChange, ("period", "day", "level", "theme_id", "kind")),
        ):
            # every other column is a count to add up (FollowUpCountChange's ``answered`` was once left out: the
            # folded rows then broke its NOT NULL and the nightly task failed wherever follow-ups were answered)
            values = [field.column for field in model._meta.concrete_fields if not field.primary_key]
            values = [column for column in values if column not in keys]
            table = model._meta.db_table
            columns = ", ".join((*keys, *values))
            sums = ", ".join(f"sum({value})" for value in values)
            nonzero = " OR ".join(f"sum({value}) <> 0" for value in values)
            # bandit B608: table and column names from the model
            cursor.execute(
                f"""
                WITH gone AS (DELETE FROM {table} RETURNING {columns}), kept AS (
                    INSERT INTO {table} ({columns})
                    SELECT {", ".join(keys)}, {sums} FROM gone GROUP BY {", ".join(keys)} HAVING {nonzero}
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM kept)
                """  # nosec B608
            )
            removed += cursor.fetchone()[0]
    return removed
