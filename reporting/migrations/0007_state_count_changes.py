"""The summaries the figures read instead of the assignment history (``reporting/summaries.py``), kept by statement
triggers in the same transaction as every write (services, admin, imports' COPY, SQL), and filled for the existing
records.

``reporting_statecountchange``: each history row in a counted state adds, with the current level, theme, kind and
student count of its assignment, +1 (and its students) to ``current`` and ``began`` on the day it began (Europe/
Amsterdam), and -1 to ``current`` on the day it ended. ``reporting_followupcountchange``: each pair of a completed
history row and a follow-up answer of the same assignment adds +1 (students, outcome counts) on the day both are
current and -1 on the day the first of them ends. Each change goes once into its day's row and once into its month's.

The triggers work on the statement's transition tables (one grouped INSERT per statement, however many rows a COPY
brings) and keep one invariant: a summary is the sum over the records as they are now, joined. So a history row
whose assignment is not there yet (a COPY of the history before its assignments: the foreign keys are deferred)
counts when the assignment comes, and an assignment deleted before its history (SQL) takes its rows' counts along.
A trigger on the history or the answers locks the assignments it reads (``FOR SHARE``), so that a concurrent change
of an assignment's level, theme, kind or students waits for it and then moves the counts it added.
"""

# bandit B608 (``# nosec B608`` below): every SQL text here is made of this migration's constants and table names.
from django.conf import settings
from django.db import migrations, models

COUNTED = ("preparation", "execution", "completed")  # assignments.models.COUNTED_STATES when this was written
COMPLETED = "completed"
OUTCOMES = ("job", "traineeship", "doctorate", "part_time_job", "offered_declined", "none")
STATES = "reporting_statecountchange"
FOLLOWUPS = "reporting_followupcountchange"
ASSIGNMENTS = "assignments_assignment"
HISTORY = "assignments_assignmenttransition"
ANSWERS = "assignments_followupanswer"
DIMENSIONS = ("level", "theme_id", "kind", "student_count")
# The follow-up period the summaries count with, fixed when the triggers are installed (``settings.FOLLOWUP_DAYS``);
# ``reporting_followup_days()`` says which, and the figures fall back to the history when the setting differs.
DAYS = "reporting_followup_days()"
PERIODS = "(VALUES ('m'), ('d')) AS p(period)"
PERIOD_DAY = "CASE p.period WHEN 'm' THEN date_trunc('month', e.day)::date ELSE e.day END"


def local_date(column: str) -> str:
    return f"({column} AT TIME ZONE '{settings.TIME_ZONE}')::date"


def state_counts(rows: str) -> str:
    """The INSERT adding what ``rows`` (sign, to_state, at, ended_at, level, theme_id, kind, student_count) add.

    ``due``: a completed row counts from FOLLOWUP_DAYS after the day it began until it ends (its follow-up is due)."""
    counted = ", ".join(f"'{state}'" for state in COUNTED)
    began, ended = local_date("r.at"), local_date("r.ended_at")
    due_from = f"CASE WHEN r.to_state = '{COMPLETED}' AND (r.ended_at IS NULL OR {ended} > {began} + {DAYS}) THEN"
    return f"""
    INSERT INTO {STATES} (period, day, state, level, theme_id, kind, current, students, began, began_students, due)
    SELECT p.period, {PERIOD_DAY}, e.state, e.level, e.theme_id, e.kind,
           sum(e.current), sum(e.students), sum(e.began), sum(e.began_students), sum(e.due)
    FROM (
        SELECT r.to_state AS state, r.level, r.theme_id, r.kind, ev.day,
               r.sign * ev.current AS current, r.sign * ev.current * r.student_count AS students,
               r.sign * ev.began AS began, r.sign * ev.began * r.student_count AS began_students,
               r.sign * ev.due AS due
        FROM ({rows}) AS r(sign, to_state, at, ended_at, level, theme_id, kind, student_count)
        CROSS JOIN LATERAL (VALUES ({began}, 1, 1, 0), ({ended}, -1, 0, 0),
                                   ({due_from} {began} + {DAYS} END, 0, 0, 1), ({due_from} {ended} END, 0, 0, -1))
            AS ev(day, current, began, due)
        WHERE r.to_state IN ({counted}) AND ev.day IS NOT NULL
    ) e CROSS JOIN {PERIODS}
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(e.current) <> 0 OR sum(e.students) <> 0 OR sum(e.began) <> 0 OR sum(e.began_students) <> 0
        OR sum(e.due) <> 0;"""  # nosec B608


def followup_counts(rows: str) -> str:
    """The INSERT adding what ``rows`` (sign, at, ended_at, given_at, superseded_at, level, theme_id, kind,
    student_count, *outcomes) add: pairs of a completed history row and an answer. Three intervals per pair, each +1
    on its first day and -1 on the day after its last:

    - both current: ``answers``, ``students`` and the outcomes;
    - both current and the row begun FOLLOWUP_DAYS before: ``answered`` (the follow-up was due);
    - the row ended, the answer current and the day in the year the row began: the outcomes (the figures count the
      answers of the completed rows that are current or began in the year of the date)."""
    outcomes = ", ".join(OUTCOMES)
    sums = ", ".join(f"sum(e.{outcome})" for outcome in OUTCOMES)
    signed = ", ".join(f"r.sign * ev.n * iv.outcome * r.{outcome} AS {outcome}" for outcome in OUTCOMES)
    nonzero = " OR ".join(f"sum(e.{column}) <> 0" for column in ("answers", "students", "answered", *OUTCOMES))
    began, ended = local_date("q.at"), local_date("q.ended_at")
    given, superseded = local_date("q.given_at"), local_date("q.superseded_at")
    return f"""
    INSERT INTO {FOLLOWUPS} (period, day, level, theme_id, kind, answers, students, answered, {outcomes})
    SELECT p.period, {PERIOD_DAY}, e.level, e.theme_id, e.kind, sum(e.answers), sum(e.students), sum(e.answered),
           {sums}
    FROM (
        SELECT r.level, r.theme_id, r.kind, ev.day, r.sign * ev.n * iv.pair AS answers,
               r.sign * ev.n * iv.pair * r.student_count AS students, r.sign * ev.n * iv.answered AS answered,
               {signed}
        FROM (
            SELECT *, GREATEST({began}, {given}) AS starts, LEAST({ended}, {superseded}) AS ends,
                      GREATEST({began} + {DAYS}, {given}) AS due_starts,
                      CASE WHEN q.ended_at IS NOT NULL THEN GREATEST({ended}, {given}) END AS ended_starts,
                      LEAST({superseded}, (date_trunc('year', {began}) + interval '1 year')::date) AS ended_ends
            FROM ({rows}) AS q(sign, at, ended_at, given_at, superseded_at, level, theme_id, kind, student_count,
                               {outcomes})
        ) r
        CROSS JOIN LATERAL (VALUES (r.starts, r.ends, 1, 0, 1), (r.due_starts, r.ends, 0, 1, 0),
                                   (r.ended_starts, r.ended_ends, 0, 0, 1)) AS iv(starts, ends, pair, answered, outcome)
        CROSS JOIN LATERAL (VALUES (iv.starts, 1), (iv.ends, -1)) AS ev(day, n)
        WHERE iv.starts IS NOT NULL AND (iv.ends IS NULL OR iv.ends > iv.starts) AND ev.day IS NOT NULL
    ) e CROSS JOIN {PERIODS}
    GROUP BY 1, 2, 3, 4, 5
    HAVING {nonzero};"""  # nosec B608


def state_rows(sign: int, history: str, assignments: str) -> str:
    dimensions = ", ".join(f"a.{column}" for column in DIMENSIONS)
    return f"""
        SELECT {sign}, t.to_state, t.at, t.ended_at, {dimensions}
        FROM {history} t JOIN {assignments} a ON a.id = t.assignment_id"""  # nosec B608


def pair_rows(sign: int, history: str, answers: str, assignments: str) -> str:
    dimensions = ", ".join(f"a.{column}" for column in DIMENSIONS)
    outcomes = ", ".join(f"f.{outcome}" for outcome in OUTCOMES)
    return f"""
        SELECT {sign}, t.at, t.ended_at, f.given_at, f.superseded_at, {dimensions}, {outcomes}
        FROM {history} t JOIN {assignments} a ON a.id = t.assignment_id
        JOIN {answers} f ON f.assignment_id = t.assignment_id
        WHERE t.to_state = '{COMPLETED}'"""  # nosec B608


def locked(source: str) -> str:
    """The assignments of the changed rows, locked against a concurrent change of their dimensions."""
    return f"""
        WITH locked AS MATERIALIZED (
            SELECT a.id, {", ".join(f"a.{column}" for column in DIMENSIONS)} FROM {ASSIGNMENTS} a
            WHERE a.id IN ({source}) FOR SHARE OF a
        )"""  # nosec B608


def changed(table: str) -> str:
    """Both summaries' INSERTs for the changed rows of ``table`` (history or answers), per trigger operation."""

    def inserts(sign: int, rows: str) -> str:
        owners = f"SELECT assignment_id FROM {rows}"  # nosec B608
        if table == HISTORY:
            return (
                locked(owners)
                + state_counts(state_rows(sign, rows, "locked"))
                + locked(owners)
                + followup_counts(pair_rows(sign, rows, ANSWERS, "locked"))
            )
        return locked(owners) + followup_counts(pair_rows(sign, HISTORY, rows, "locked"))

    # bandit B608: the names of this migration's tables only
    truncate = f"DELETE FROM {FOLLOWUPS};" + (f" DELETE FROM {STATES};" if table == HISTORY else "")  # nosec B608
    return f"""
    IF TG_OP = 'TRUNCATE' THEN
        {truncate}
    ELSIF TG_OP = 'INSERT' THEN {inserts(1, "new_rows")}
    ELSIF TG_OP = 'DELETE' THEN {inserts(-1, "old_rows")}
    ELSE {inserts(-1, "old_rows")} {inserts(1, "new_rows")}
    END IF;"""


def function(name: str, body: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {body}
    RETURN NULL;
END
$$;"""


def moved_assignments() -> str:
    """An assignment's level, theme, kind or student count changed: its counts move from the old to the new."""
    old = ", ".join(f"o.{column}" for column in DIMENSIONS)
    new = ", ".join(f"n.{column}" for column in DIMENSIONS)
    cte = f"""
        WITH moved_from AS MATERIALIZED (
            SELECT o.id, {old} FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ({old}) IS DISTINCT FROM ({new})
        ), moved_to AS MATERIALIZED (
            SELECT n.id, {new} FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ({old}) IS DISTINCT FROM ({new})
        )"""  # nosec B608
    states = state_rows(-1, HISTORY, "moved_from") + " UNION ALL " + state_rows(1, HISTORY, "moved_to")
    pairs = pair_rows(-1, HISTORY, ANSWERS, "moved_from") + " UNION ALL " + pair_rows(1, HISTORY, ANSWERS, "moved_to")
    return cte + state_counts(states) + cte + followup_counts(pairs)


ASSIGNMENT_BODY = f"""
    IF TG_OP = 'INSERT' THEN
        {state_counts(state_rows(1, HISTORY, "new_rows"))}
        {followup_counts(pair_rows(1, HISTORY, ANSWERS, "new_rows"))}
    ELSIF TG_OP = 'DELETE' THEN
        {state_counts(state_rows(-1, HISTORY, "old_rows"))}
        {followup_counts(pair_rows(-1, HISTORY, ANSWERS, "old_rows"))}
    ELSE {moved_assignments()}
    END IF;"""


def triggers(table: str, name: str, *, truncate: bool) -> list[str]:
    statements = [
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();",
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows "
        f"NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {name}();",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}();",
    ]
    if truncate:
        statements.append(
            f"CREATE TRIGGER {name}_truncate AFTER TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {name}();"
        )
    return statements


INSTALL = [
    f"CREATE OR REPLACE FUNCTION reporting_followup_days() RETURNS integer LANGUAGE sql IMMUTABLE "
    f"AS $$ SELECT {int(settings.FOLLOWUP_DAYS)} $$;",
    function("reporting_history_counts", changed(HISTORY)),
    function("reporting_answer_counts", changed(ANSWERS)),
    function("reporting_assignment_counts", ASSIGNMENT_BODY),
    *triggers(HISTORY, "reporting_history_counts", truncate=True),
    *triggers(ANSWERS, "reporting_answer_counts", truncate=True),
    *triggers(ASSIGNMENTS, "reporting_assignment_counts", truncate=False),
    # the existing records, once
    state_counts(state_rows(1, HISTORY, ASSIGNMENTS)),
    followup_counts(pair_rows(1, HISTORY, ANSWERS, ASSIGNMENTS)),
]
REMOVE = [
    f"DROP FUNCTION IF EXISTS {name}() CASCADE;"
    for name in (
        "reporting_history_counts",
        "reporting_answer_counts",
        "reporting_assignment_counts",
        "reporting_followup_days",
    )
]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_figures_triggers_pipeline"),
        ("assignments", "0013_forget_followup_respondent"),
    ]

    operations = [
        migrations.CreateModel(
            name="StateCountChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("period", models.CharField(choices=[("m", "month"), ("d", "day")], max_length=1)),
                ("day", models.DateField()),
                ("state", models.CharField(max_length=20)),
                ("level", models.CharField(max_length=3)),
                ("theme_id", models.IntegerField()),
                ("kind", models.CharField(max_length=20)),
                ("current", models.IntegerField(default=0)),
                ("students", models.BigIntegerField(default=0)),
                ("began", models.IntegerField(default=0)),
                ("began_students", models.BigIntegerField(default=0)),
                ("due", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "change of a state count",
                "verbose_name_plural": "changes of the state counts",
                "indexes": [models.Index(fields=["period", "day"], name="state_count_change_period_day")],
            },
        ),
        migrations.CreateModel(
            name="FollowUpCountChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("period", models.CharField(choices=[("m", "month"), ("d", "day")], max_length=1)),
                ("day", models.DateField()),
                ("level", models.CharField(max_length=3)),
                ("theme_id", models.IntegerField()),
                ("kind", models.CharField(max_length=20)),
                ("answers", models.IntegerField(default=0)),
                ("students", models.BigIntegerField(default=0)),
                ("answered", models.IntegerField(default=0)),
                ("job", models.BigIntegerField(default=0)),
                ("traineeship", models.BigIntegerField(default=0)),
                ("doctorate", models.BigIntegerField(default=0)),
                ("part_time_job", models.BigIntegerField(default=0)),
                ("offered_declined", models.BigIntegerField(default=0)),
                ("none", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "change of a follow-up count",
                "verbose_name_plural": "changes of the follow-up counts",
                "indexes": [models.Index(fields=["period", "day"], name="followup_count_change_period")],
            },
        ),
        migrations.RunSQL(INSTALL, REMOVE),
    ]
