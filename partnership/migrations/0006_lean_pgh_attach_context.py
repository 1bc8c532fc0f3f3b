"""The audit trail's statement-level triggers call pghistory's ``_pgh_attach_context()`` once per statement; pghistory's
version stores the context in its ``pghistory_context`` table (a row per request that writes, inside an exception
block). This project keeps the context as JSON in every event (``PGHISTORY_CONTEXT_FIELD``) and never reads that
table, so the function only returns the context's id."""

from django.db import migrations

LEAN = """
CREATE OR REPLACE FUNCTION _pgh_attach_context() RETURNS uuid AS $$
    SELECT NULLIF(current_setting('pghistory.context_id', true), '')::uuid
$$ LANGUAGE sql STABLE;
"""


def pghistorys_own(apps, schema_editor):
    from pghistory.models import Context

    Context.install_pgh_attach_context_func(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0005_audit_trail_statement_level"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [
        migrations.RunSQL(LEAN, reverse_sql=migrations.RunSQL.noop),
        migrations.RunPython(migrations.RunPython.noop, pghistorys_own),
    ]
