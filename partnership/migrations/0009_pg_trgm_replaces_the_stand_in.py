"""pg_trgm everywhere: a database migrated with the plain-SQL stand-in gets the extension and the trigram index.

Until December 2026, 0003 created ``similarity(text, text)``, the ``%`` operator and their helpers in plain SQL where
the server had no pg_trgm (the embedded PostgreSQL 16 of ``pgserver``), and left the trigram indexes out. Every
supported server now has pg_trgm (PostgreSQL 15 and later with contrib, the embedded PostgreSQL 18), and 0003 creates
the extension and the index as on production. On such a database this migration drops the stand-in (found by its
helper ``portal_similar``), creates the extension and the index; elsewhere it changes nothing. The assignments'
trigram indexes follow in assignments 0010.
"""

from django.db import migrations

DROP_THE_STAND_IN = """
DO $$ BEGIN
    IF to_regprocedure('portal_similar(text, text)') IS NOT NULL THEN
        DROP OPERATOR IF EXISTS % (text, text);
        DROP FUNCTION portal_similar(text, text);
        DROP FUNCTION IF EXISTS similarity(text, text);
        DROP FUNCTION IF EXISTS portal_trigrams(text);
    END IF;
END $$
"""


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0008_user_session_generation"),
    ]

    operations = [
        # Each statement is run as written (no parameters, so ``%`` needs no escaping); nothing to undo: the
        # extension and the index belong to 0003.
        migrations.RunSQL(
            [
                DROP_THE_STAND_IN,
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                'CREATE INDEX IF NOT EXISTS "organisation_name_trgm" ON "partnership_organisation" '
                'USING gin ((LOWER("name")) gin_trgm_ops)',
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
