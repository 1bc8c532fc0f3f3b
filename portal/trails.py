"""The trails are append-only for the application: releases, the assignments' state history, account events and the
audit trail's event tables.

Two layers:

- **Roles** (production): the application connects as a role that owns nothing (``DATABASE_URL``); migrations run
  as the owner role (``DATABASE_OWNER_URL``), and ``manage.py grant_app_role ROLE`` (run by ``make serve`` after
  ``migrate``, as the owner) gives the application every privilege it needs on the other tables and only SELECT and
  INSERT on the trail tables. Not being the owner, it cannot ``ALTER TABLE ... DISABLE TRIGGER`` or drop one either.
  Two narrow exceptions, both checked by triggers: a state-history row's ``ended_at`` may be set once (the lifecycle
  closes the current state when it appends the next; nothing else in the row may change, and nothing may change
  after), and the audit trail of a removed or anonymised contact person is overwritten by
  ``partnership_forget_contact`` (partnership migration 0007),
  a ``SECURITY DEFINER`` function that writes the fixed placeholder columns of that one person's events only (AVG).
- **Triggers** (everywhere): TRUNCATE is refused on every trail table, whoever asks, except a superuser (who can
  drop any trigger anyway; the test runner and ``manage.py flush`` on a development database run as one).

``check --deploy --database default`` warns when the application's role owns its tables (``portal.W002``).
A new tracked model: its event table gets the TRUNCATE trigger from a migration calling ``install_triggers``
(``tests/ops/test_trails.py`` fails until it has it).
"""

from django.apps import apps

TRUNCATE_TRIGGER = "portal_trail_no_truncate"
TRANSITION_TRIGGER = "portal_transition_close_once"
TRANSITION_COLUMNS_UPDATABLE = ("ended_at",)
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

CREATE OR REPLACE FUNCTION portal_transition_close_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL
       AND (NEW.id, NEW.assignment_id, NEW.from_state, NEW.to_state, NEW.at, NEW.by_id, NEW.note)
           IS NOT DISTINCT FROM (OLD.id, OLD.assignment_id, OLD.from_state, OLD.to_state, OLD.at, OLD.by_id, OLD.note)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the state history is append-only: a row may only be closed once (ended_at)'
        USING ERRCODE = 'restrict_violation';
END;
$$;

"""


def trail_tables() -> list[str]:
    from pghistory.models import Event

    tables = {
        apps.get_model("reporting", "Release")._meta.db_table,
        apps.get_model("assignments", "AssignmentTransition")._meta.db_table,
        apps.get_model("accounts", "AccountEvent")._meta.db_table,
    }
    for model in apps.get_models():
        if issubclass(model, Event) and model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
    return sorted(tables)


def install_triggers(connection) -> list[str]:
    """(Re)create the functions and the triggers on every trail table that exists; idempotent."""
    existing = set(connection.introspection.table_names())
    tables = [table for table in trail_tables() if table in existing]
    transitions = apps.get_model("assignments", "AssignmentTransition")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(FUNCTIONS)
        for table in tables:
            cursor.execute(
                f'CREATE OR REPLACE TRIGGER {TRUNCATE_TRIGGER} BEFORE TRUNCATE ON "{table}" '
                f"FOR EACH STATEMENT EXECUTE FUNCTION portal_trail_no_truncate()"
            )
        if transitions in tables:
            cursor.execute(
                f'CREATE OR REPLACE TRIGGER {TRANSITION_TRIGGER} BEFORE UPDATE ON "{transitions}" '
                f"FOR EACH ROW EXECUTE FUNCTION portal_transition_close_once()"
            )
    return tables


def grant_app_role(connection, role: str) -> list[str]:
    """As the owner: the application role may read and write every table of the schema, but only SELECT and
    INSERT on the trail tables (and close a state-history row, and forget a contact through its function)."""
    quote = connection.ops.quote_name
    trails = install_triggers(connection)
    transitions = apps.get_model("assignments", "AssignmentTransition")._meta.db_table
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
        statements.append(
            f"GRANT UPDATE ({', '.join(TRANSITION_COLUMNS_UPDATABLE)}) ON {quote(transitions)} TO {role_name}"
        )
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
