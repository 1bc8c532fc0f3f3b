"""The trails are append-only for the application: releases, the assignments' state history, the part-time jobs'
steps, the follow-up answers' versions, account events and the audit trail's event tables.

Two layers:

- **Roles** (production): the application connects as a role that owns nothing (``DATABASE_URL``); migrations run
  as the owner role (``DATABASE_OWNER_URL``), and ``manage.py grant_app_role ROLE`` (run by ``make serve`` after
  ``migrate``, as the owner) gives the application every privilege it needs on the other tables and only SELECT and
  INSERT on the trail tables. Not being the owner, it cannot ``ALTER TABLE ... DISABLE TRIGGER`` or drop one either.
  Narrow exceptions, each checked by a trigger or a function the owner wrote:

  - *close once* (``CLOSE_ONCE``, trigger ``portal_trail_close_once``): a state-history row's and a part-time job
    step's ``ended_at``, a follow-up answer's ``superseded_at`` may be set once, from empty to a moment (the service
    closes the current row when it appends the next); nothing else in the row may change, and a moment once set never
    changes again. The application's role holds the column privilege UPDATE on exactly those columns.
  - *retention* (AVG): a follow-up answer's ``respondent`` may be cleared (set to '' and nothing else; same trigger,
    same column privilege); the audit events of a removed or anonymised contact person, and those of an answer whose
    respondent is cleared, are overwritten by ``partnership_forget_contact`` (partnership migration 0007) and
    ``assignments_forget_followup_respondent`` (assignments migration 0013), ``SECURITY DEFINER`` functions owned by
    the role that migrates that write only the fixed columns of those rows. So ``apply_retention`` runs as the
    application, needing no owner password.

  Not trails, though they record something: an assignment's request-for-interest records and follow-up records move
  with an organisation merge or carry a replaceable link; their audit event tables are the trail.
- **Triggers** (everywhere): TRUNCATE is refused on every trail table, whoever asks, except a superuser (who can
  drop any trigger anyway; the test runner and ``manage.py flush`` on a development database run as one).

``check --deploy --database default`` warns when the application's role owns its tables (``portal.W002``).
A new tracked model or trail table: it gets its triggers from a migration calling ``install_triggers`` (as portal
0002 does for the tables added after 0001; ``tests/ops/test_trails.py`` fails until it has them), and a trail
table with a column the application sets later an entry in ``CLOSE_ONCE``.
"""

from django.apps import apps

TRUNCATE_TRIGGER = "portal_trail_no_truncate"
CLOSE_ONCE_TRIGGER = "portal_trail_close_once"
# Trail tables whose rows the application may close once: model -> (the column set once, columns it may only clear).
CLOSE_ONCE = {
    "assignments.AssignmentTransition": ("ended_at", ()),
    "istage.PartTimeJobStep": ("ended_at", ()),
    "assignments.FollowUpAnswer": ("superseded_at", ("respondent",)),
}
FORGET_CONTACT = "partnership_forget_contact(bigint, text, text)"
FORGET_FOLLOWUP_RESPONDENT = "assignments_forget_followup_respondent(bigint, text)"  # retention of follow-up answers

FUNCTIONS = """
CREATE OR REPLACE FUNCTION portal_trail_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        RETURN NULL;  -- a superuser can drop the trigger anyway; flush and the test runner run as one
    END IF;
    RAISE EXCEPTION 'the trail % is append-only: TRUNCATE is refused', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;

-- TG_ARGV[0]: the column that may be set once (from NULL); TG_ARGV[1..]: text columns that may only be cleared ('').
CREATE OR REPLACE FUNCTION portal_trail_close_once() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    closing text := TG_ARGV[0];
    old_row jsonb := to_jsonb(OLD);
    new_row jsonb := to_jsonb(NEW);
    i integer;
BEGIN
    IF old_row ->> closing IS NOT NULL AND (old_row -> closing) IS DISTINCT FROM (new_row -> closing) THEN
        RAISE EXCEPTION 'the trail % is append-only: % of row % is set already', TG_TABLE_NAME, closing, OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    FOR i IN 1 .. TG_NARGS - 1 LOOP
        IF new_row ->> TG_ARGV[i] = '' THEN
            old_row := old_row - TG_ARGV[i];
            new_row := new_row - TG_ARGV[i];
        END IF;
    END LOOP;
    IF (old_row - closing) IS DISTINCT FROM (new_row - closing) THEN
        RAISE EXCEPTION 'the trail % is append-only: a row may only be closed once (%)', TG_TABLE_NAME, closing
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;

-- portal migration 0001's trigger for the state history alone, with its function: replaced by the one above
DROP FUNCTION IF EXISTS portal_transition_close_once() CASCADE;
"""


def trail_tables() -> list[str]:
    from pghistory.models import Event

    tables = {
        apps.get_model("reporting", "Release")._meta.db_table,
        apps.get_model("accounts", "AccountEvent")._meta.db_table,
        *(apps.get_model(label)._meta.db_table for label in CLOSE_ONCE),
    }
    for model in apps.get_models():
        if issubclass(model, Event) and model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
    return sorted(tables)


def install_triggers(connection) -> list[str]:
    """(Re)create the functions and the triggers on every trail table that exists; idempotent."""
    existing = set(connection.introspection.table_names())
    tables = [table for table in trail_tables() if table in existing]
    with connection.cursor() as cursor:
        cursor.execute(FUNCTIONS)  # drops the legacy state-history trigger with its function
        for table in tables:
            cursor.execute(
                f'CREATE OR REPLACE TRIGGER {TRUNCATE_TRIGGER} BEFORE TRUNCATE ON "{table}" '
                f"FOR EACH STATEMENT EXECUTE FUNCTION portal_trail_no_truncate()"
            )
        for label, (closing, clearable) in CLOSE_ONCE.items():
            table = apps.get_model(label)._meta.db_table
            if table in tables:
                arguments = ", ".join(f"'{column}'" for column in (closing, *clearable))
                cursor.execute(
                    f'CREATE OR REPLACE TRIGGER {CLOSE_ONCE_TRIGGER} BEFORE UPDATE ON "{table}" '
                    f"FOR EACH ROW EXECUTE FUNCTION portal_trail_close_once({arguments})"
                )
    return tables


def grant_app_role(connection, role: str) -> list[str]:
    """As the owner: the application role may read and write every table of the schema, but only SELECT and
    INSERT on the trail tables (and close a row of a ``CLOSE_ONCE`` table, and forget through the functions)."""
    quote = connection.ops.quote_name
    trails = install_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
        role_name = quote(role)
        statements = [
            f"GRANT USAGE ON SCHEMA {schema} TO {role_name}",
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role_name}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role_name}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role_name}",
        ]
        for table in trails:
            statements.append(
                f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {quote(table)} FROM {role_name}"
            )
        for label, (closing, clearable) in CLOSE_ONCE.items():
            table = apps.get_model(label)._meta.db_table
            statements.append(f"GRANT UPDATE ({', '.join((closing, *clearable))}) ON {quote(table)} TO {role_name}")
        for function in (FORGET_CONTACT, FORGET_FOLLOWUP_RESPONDENT):
            statements.append(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
            statements.append(f"GRANT EXECUTE ON FUNCTION {function} TO {role_name}")
        for statement in statements:
            cursor.execute(statement)
    return trails


def owned_tables(connection) -> list[str]:
    """The tables of the schema that the connected role owns (the application should own none)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
            "AND tableowner = current_user ORDER BY tablename"
        )
        return [row[0] for row in cursor.fetchall()]
