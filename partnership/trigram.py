"""pg_trgm where the server has it, and a stand-in where it has not.

The trigram search indexes (``?q=`` on assignments) and the likely-duplicate organisations use pg_trgm. A server
without the extension (the embedded PostgreSQL of ``pgserver`` ships no contrib modules) still runs every page:
the migrations then create ``similarity(text, text)`` and the ``%`` operator in plain SQL, with pg_trgm's meaning
(lower-cased words, each padded with two spaces before and one after, distinct trigrams; similarity is shared over
all; ``%`` is a similarity of at least 0.3, written ``%%`` below as the schema editor formats the SQL), and
leave the trigram indexes out: searches are then correct and unindexed. ``available()`` tells which one a database has.
"""

from django.db import migrations

STAND_IN = """
CREATE OR REPLACE FUNCTION portal_trigrams(value text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
    SELECT DISTINCT substr(padded, position, 3)
    FROM (
        SELECT '  ' || word || ' ' AS padded
        FROM regexp_split_to_table(lower(value), '[^[:alnum:]]+') AS word
        WHERE word <> ''
    ) AS words, generate_series(1, length(padded) - 2) AS position
$$;
CREATE OR REPLACE FUNCTION similarity(first text, second text) RETURNS real LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN count(*) = 0 THEN 0::real
                ELSE (count(*) FILTER (WHERE in_first AND in_second))::real / count(*) END
    FROM (
        SELECT trigram, bool_or(side = 1) AS in_first, bool_or(side = 2) AS in_second
        FROM (
            SELECT trigram, 1 AS side FROM portal_trigrams(first) AS trigram
            UNION ALL
            SELECT trigram, 2 AS side FROM portal_trigrams(second) AS trigram
        ) AS both_sides
        GROUP BY trigram
    ) AS trigrams
$$;
CREATE OR REPLACE FUNCTION portal_similar(first text, second text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT similarity(first, second) >= 0.3
$$;
DO $$ BEGIN
    CREATE OPERATOR %% (LEFTARG = text, RIGHTARG = text, FUNCTION = portal_similar);
EXCEPTION WHEN duplicate_function THEN NULL;
END $$;
"""


def available(connection) -> bool:
    """True when the server can give pg_trgm (installed or installable)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm')")
        return cursor.fetchone()[0]


class TrigramOrStandIn(migrations.operations.base.Operation):
    """``CREATE EXTENSION pg_trgm`` where the server has it, else the plain-SQL stand-in above."""

    reversible = True
    reduces_to_sql = False

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if available(schema_editor.connection):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        else:
            schema_editor.execute(STAND_IN)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass  # other migrations may use it; the extension or stand-in stays

    def describe(self):
        return "pg_trgm, or its plain-SQL stand-in"


class AddTrigramIndex(migrations.AddIndex):
    """A trigram (gin_trgm_ops) index where pg_trgm is there; without it the searches run unindexed."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if available(schema_editor.connection):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{self.index.name}"')
